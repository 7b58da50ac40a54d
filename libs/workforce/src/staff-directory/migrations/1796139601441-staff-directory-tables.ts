import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of staff-directory by `npm run migration:generate`: change the entities, then generate the next one. */
export class StaffDirectoryTables1796139601441 implements MigrationInterface {
  name = 'StaffDirectoryTables1796139601441';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "staff" ("staff_id" text NOT NULL, "school_id" text NOT NULL, "name" text NOT NULL, "job_role" text NOT NULL, "roles" text array NOT NULL, "contracted_hours_per_week" numeric NOT NULL, "hlta" boolean NOT NULL, "start_date" text NOT NULL, CONSTRAINT "staff_pkey" PRIMARY KEY ("staff_id"))`,
    );
    await q.query(`CREATE INDEX "staff_school" ON "staff"  ("school_id") `);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "staff_school"`);
    await q.query(`DROP TABLE "staff"`);
  }
}
