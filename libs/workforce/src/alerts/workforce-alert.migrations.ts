import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The training and cover alert rules' tables, in the inbox's generation schema (names unqualified). */
export class WorkforceAlertTables1764489600000 implements MigrationInterface {
  name = 'WorkforceAlertTables1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff_members (
      staff_id text PRIMARY KEY,
      school_id text NOT NULL,
      job_role text NOT NULL
    )`);
    await q.query(`CREATE TABLE staff_certificates (
      completion_id text PRIMARY KEY,
      staff_id text NOT NULL,
      course text NOT NULL,
      completed_on date NOT NULL,
      expires_on date NOT NULL
    )`);
    await q.query('CREATE INDEX staff_certificates_staff ON staff_certificates (staff_id, course)');
    await q.query(`CREATE TABLE cover_days (
      assignment_id text PRIMARY KEY,
      school_id text NOT NULL,
      staff_id text NOT NULL,
      absent_teacher_id text,
      date date NOT NULL,
      cancelled boolean NOT NULL DEFAULT false
    )`);
    await q.query('CREATE INDEX cover_days_absent_teacher ON cover_days (absent_teacher_id, school_id)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cover_days');
    await q.query('DROP TABLE staff_certificates');
    await q.query('DROP TABLE staff_members');
  }
}

/** Each member of staff's platform roles, which may require training of their own. */
export class WorkforceAlertStaffRoles1780100000000 implements MigrationInterface {
  name = 'WorkforceAlertStaffRoles1780100000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_members ADD COLUMN roles text[] NOT NULL DEFAULT '{}'`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE staff_members DROP COLUMN roles');
  }
}
