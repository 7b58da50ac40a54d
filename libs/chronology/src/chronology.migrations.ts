import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The chronology's tables (run in each generation's schema, so names are unqualified). */
export class ChronologyTables1764489600000 implements MigrationInterface {
  name = 'ChronologyTables1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE pupils (pupil_id text PRIMARY KEY, school_id text NOT NULL)');
    await q.query(
      'CREATE TABLE concerns (concern_id text PRIMARY KEY, school_id text, pupil_ids text[] NOT NULL, about_adult boolean NOT NULL)',
    );
    await q.query('CREATE TABLE incidents (incident_id text PRIMARY KEY, school_id text, pupil_id text NOT NULL)');
    await q.query(`CREATE TABLE entries (
      position bigint NOT NULL,
      pupil_id text NOT NULL,
      school_id text NOT NULL,
      kind text NOT NULL,
      summary text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      late boolean NOT NULL,
      concern_id text,
      incident_id text,
      about_adult boolean NOT NULL,
      PRIMARY KEY (position, pupil_id)
    )`);
    await q.query('CREATE INDEX entries_pupil ON entries (pupil_id, occurred_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE entries');
    await q.query('DROP TABLE incidents');
    await q.query('DROP TABLE concerns');
    await q.query('DROP TABLE pupils');
  }
}

/** Concerns about adults: who the adult is and who manages the concern, on every line of it. */
export class ChronologySubjects1780000000000 implements MigrationInterface {
  name = 'ChronologySubjects1780000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE concerns ADD COLUMN about_staff_id text, ADD COLUMN case_manager text');
    await q.query('ALTER TABLE entries ADD COLUMN about_staff_id text, ADD COLUMN case_manager text');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE entries DROP COLUMN about_staff_id, DROP COLUMN case_manager');
    await q.query('ALTER TABLE concerns DROP COLUMN about_staff_id, DROP COLUMN case_manager');
  }
}

/** The DSL's own entries: a line may name the entry it shows instead of a concern or an incident. */
export class ChronologyDslEntries1780500000000 implements MigrationInterface {
  name = 'ChronologyDslEntries1780500000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE entries ADD COLUMN entry_id text');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE entries DROP COLUMN entry_id');
  }
}
