import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The training matrix's tables (run in each generation's schema, so names are unqualified). */
export class TrainingMatrixTables1764489600000 implements MigrationInterface {
  name = 'TrainingMatrixTables1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff (
      staff_id text PRIMARY KEY,
      school_id text NOT NULL,
      trust_id text,
      name text NOT NULL,
      job_role text NOT NULL
    )`);
    await q.query('CREATE INDEX staff_school ON staff (school_id)');
    await q.query(`CREATE TABLE completions (
      completion_id text NOT NULL,
      staff_id text NOT NULL,
      school_id text NOT NULL,
      course text NOT NULL,
      completed_on text NOT NULL,
      expires_on text NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (staff_id, completion_id)
    )`);
    await q.query('CREATE INDEX completions_school ON completions (school_id)');
    await q.query(`CREATE TABLE training_references (
      trust_id text PRIMARY KEY,
      reference jsonb NOT NULL,
      changed_at timestamptz NOT NULL
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE training_references');
    await q.query('DROP TABLE completions');
    await q.query('DROP TABLE staff');
  }
}

/** Each member of staff's platform roles: a role may require training of its own (a deputy DSL's DSL training). */
export class TrainingMatrixStaffRoles1780100000000 implements MigrationInterface {
  name = 'TrainingMatrixStaffRoles1780100000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff ADD COLUMN roles text[] NOT NULL DEFAULT '{}'`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE staff DROP COLUMN roles');
  }
}
