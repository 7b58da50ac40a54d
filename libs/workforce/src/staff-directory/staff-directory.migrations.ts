import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The staff directory's table (run in each generation's schema, so names are unqualified). */
export class StaffDirectoryTables1764489600000 implements MigrationInterface {
  name = 'StaffDirectoryTables1764489600000';
  async up(q: QueryRunner): Promise<void> {
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
  }
}
