import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of cover-ledger by `npm run migration:generate`: change the entities, then generate the next one. */
export class CoverLedgerTables1796139643573 implements MigrationInterface {
  name = 'CoverLedgerTables1796139643573';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "staff" ("staff_id" text NOT NULL, "school_id" text NOT NULL, "name" text NOT NULL, "contracted_minutes_per_week" numeric NOT NULL, "hlta" boolean NOT NULL, CONSTRAINT "staff_pkey" PRIMARY KEY ("staff_id"))`,
    );
    await q.query(
      `CREATE TABLE "assignments" ("assignment_id" text NOT NULL, "staff_id" text NOT NULL, "school_id" text NOT NULL, "class_group" text NOT NULL, "date" text NOT NULL, "iso_week" text NOT NULL, "start_time" text NOT NULL, "end_time" text NOT NULL, "minutes" integer NOT NULL, "absent_teacher_id" text, "delivers_lesson" boolean NOT NULL, "cap_percent" numeric NOT NULL, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL, "position" bigint NOT NULL, "cancelled" boolean NOT NULL DEFAULT false, CONSTRAINT "assignments_pkey" PRIMARY KEY ("assignment_id"))`,
    );
    await q.query(`CREATE INDEX "assignments_staff" ON "assignments"  ("staff_id", "date") `);
    await q.query(`CREATE INDEX "assignments_week" ON "assignments"  ("iso_week") `);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "assignments_week"`);
    await q.query(`DROP INDEX "assignments_staff"`);
    await q.query(`DROP TABLE "assignments"`);
    await q.query(`DROP TABLE "staff"`);
  }
}
