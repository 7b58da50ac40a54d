import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of alerts.incidents by `npm run migration:generate`: change the entities, then generate the next one. */
export class IncidentAlertTables1796139533647 implements MigrationInterface {
  name = 'IncidentAlertTables1796139533647';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "restraints" ("incident_id" text NOT NULL, "school_id" text NOT NULL, "pupil_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "staff_involved" jsonb NOT NULL, "parent_notified_at" TIMESTAMP WITH TIME ZONE, "pupil_debrief_at" TIMESTAMP WITH TIME ZONE, "staff_debrief_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "restraints_pkey" PRIMARY KEY ("incident_id"))`,
    );
    await q.query(`CREATE INDEX "restraints_pupil" ON "restraints"  ("pupil_id") `);
    await q.query(
      `CREATE TABLE "restraint_certificates" ("completion_id" text NOT NULL, "staff_id" text NOT NULL, "course" text NOT NULL, "completed_on" date NOT NULL, "expires_on" date NOT NULL, CONSTRAINT "restraint_certificates_pkey" PRIMARY KEY ("completion_id"))`,
    );
    await q.query(`CREATE INDEX "restraint_certificates_staff" ON "restraint_certificates"  ("staff_id") `);
    await q.query(
      `CREATE TABLE "behaviour_plans" ("pupil_id" text NOT NULL, "review_due_on" text NOT NULL, CONSTRAINT "behaviour_plans_pkey" PRIMARY KEY ("pupil_id"))`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "behaviour_plans"`);
    await q.query(`DROP INDEX "restraint_certificates_staff"`);
    await q.query(`DROP TABLE "restraint_certificates"`);
    await q.query(`DROP INDEX "restraints_pupil"`);
    await q.query(`DROP TABLE "restraints"`);
  }
}
