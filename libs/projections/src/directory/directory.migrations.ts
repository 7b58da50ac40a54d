import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The directory's tables (run in each generation's schema, so names are unqualified). */
export class DirectoryTables1764489600000 implements MigrationInterface {
  name = 'DirectoryTables1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pupils (
      pupil_id text PRIMARY KEY,
      school_id text NOT NULL,
      first_name text NOT NULL,
      last_name text NOT NULL,
      year_group text NOT NULL,
      date_of_birth text NOT NULL,
      upn text,
      sen boolean NOT NULL,
      ehcp boolean NOT NULL
    )`);
    await q.query('CREATE INDEX pupils_school ON pupils (school_id)');
    await q.query(`CREATE TABLE staff (
      staff_id text PRIMARY KEY,
      school_id text NOT NULL,
      name text NOT NULL,
      job_role text NOT NULL,
      roles text[] NOT NULL,
      contracted_hours_per_week numeric NOT NULL,
      hlta boolean NOT NULL,
      start_date text NOT NULL
    )`);
    await q.query('CREATE INDEX staff_school ON staff (school_id)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE staff');
    await q.query('DROP TABLE pupils');
  }
}
