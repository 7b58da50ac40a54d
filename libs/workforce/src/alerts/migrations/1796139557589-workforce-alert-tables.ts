import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of alerts.workforce by `npm run migration:generate`: change the entities, then generate the next one. */
export class WorkforceAlertTables1796139557589 implements MigrationInterface {
  name = 'WorkforceAlertTables1796139557589';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "staff_members" ("staff_id" text NOT NULL, "school_id" text NOT NULL, "job_role" text NOT NULL, "roles" text array NOT NULL DEFAULT '{}', CONSTRAINT "staff_members_pkey" PRIMARY KEY ("staff_id"))`,
    );
    await q.query(
      `CREATE TABLE "staff_certificates" ("completion_id" text NOT NULL, "staff_id" text NOT NULL, "course" text NOT NULL, "completed_on" date NOT NULL, "expires_on" date NOT NULL, CONSTRAINT "staff_certificates_pkey" PRIMARY KEY ("completion_id"))`,
    );
    await q.query(`CREATE INDEX "staff_certificates_staff" ON "staff_certificates"  ("staff_id", "course") `);
    await q.query(
      `CREATE TABLE "cover_days" ("assignment_id" text NOT NULL, "school_id" text NOT NULL, "staff_id" text NOT NULL, "absent_teacher_id" text, "date" date NOT NULL, "cancelled" boolean NOT NULL DEFAULT false, CONSTRAINT "cover_days_pkey" PRIMARY KEY ("assignment_id"))`,
    );
    await q.query(`CREATE INDEX "cover_days_absent_teacher" ON "cover_days"  ("absent_teacher_id", "school_id") `);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "cover_days_absent_teacher"`);
    await q.query(`DROP TABLE "cover_days"`);
    await q.query(`DROP INDEX "staff_certificates_staff"`);
    await q.query(`DROP TABLE "staff_certificates"`);
    await q.query(`DROP TABLE "staff_members"`);
  }
}
