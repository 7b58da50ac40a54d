import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The pupil directory's table (run in each generation's schema, so names are unqualified). */
export class PupilDirectoryTables1764489600000 implements MigrationInterface {
  name = 'PupilDirectoryTables1764489600000';
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
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pupils');
  }
}
