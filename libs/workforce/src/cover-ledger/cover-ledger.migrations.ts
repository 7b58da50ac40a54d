import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The cover ledger's tables (run in each generation's schema, so names are unqualified). */
export class CoverLedgerTables1764489600000 implements MigrationInterface {
  name = 'CoverLedgerTables1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff (
      staff_id text PRIMARY KEY,
      school_id text NOT NULL,
      name text NOT NULL,
      contracted_minutes_per_week numeric NOT NULL,
      hlta boolean NOT NULL
    )`);
    await q.query(`CREATE TABLE assignments (
      assignment_id text PRIMARY KEY,
      staff_id text NOT NULL,
      school_id text NOT NULL,
      class_group text NOT NULL,
      date text NOT NULL,
      iso_week text NOT NULL,
      start_time text NOT NULL,
      end_time text NOT NULL,
      minutes integer NOT NULL,
      absent_teacher_id text,
      delivers_lesson boolean NOT NULL,
      cap_percent numeric NOT NULL,
      assigned_at timestamptz NOT NULL,
      position bigint NOT NULL,
      cancelled boolean NOT NULL DEFAULT false
    )`);
    await q.query('CREATE INDEX assignments_week ON assignments (iso_week)');
    await q.query('CREATE INDEX assignments_staff ON assignments (staff_id, date)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE assignments');
    await q.query('DROP TABLE staff');
  }
}
