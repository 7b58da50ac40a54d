import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of restrictive-interventions by `npm run migration:generate`: change the entities, then generate the next one. */
export class RestrictiveInterventionsTables1796139694969 implements MigrationInterface {
  name = 'RestrictiveInterventionsTables1796139694969';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "ri_incidents" ("incident_id" text NOT NULL, "school_id" text, "pupil_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE NOT NULL, "force_type" text NOT NULL, "staff_ids" text array NOT NULL, "sen" boolean NOT NULL, "ehcp" boolean NOT NULL, "pupil_injured" boolean NOT NULL, "staff_injured" boolean NOT NULL, CONSTRAINT "ri_incidents_pkey" PRIMARY KEY ("incident_id"))`,
    );
    await q.query(`CREATE INDEX "ri_incidents_school" ON "ri_incidents"  ("school_id", "occurred_at") `);
    await q.query(
      `CREATE TABLE "ri_pupils" ("pupil_id" text NOT NULL, "school_id" text NOT NULL, "year_group" text NOT NULL, CONSTRAINT "ri_pupils_pkey" PRIMARY KEY ("pupil_id"))`,
    );
    await q.query(
      `CREATE TABLE "ri_pupil_status" ("event_id" text NOT NULL, "pupil_id" text NOT NULL, "school_id" text, "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL, "position" bigint NOT NULL, "looked_after" boolean, "previously_looked_after" boolean, "child_protection_plan" boolean, "child_in_need" boolean, "disability" boolean, "sex" text, CONSTRAINT "ri_pupil_status_pkey" PRIMARY KEY ("event_id"))`,
    );
    await q.query(`CREATE INDEX "ri_pupil_status_pupil" ON "ri_pupil_status"  ("pupil_id", "effective_at") `);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ri_pupil_status_pupil"`);
    await q.query(`DROP TABLE "ri_pupil_status"`);
    await q.query(`DROP TABLE "ri_pupils"`);
    await q.query(`DROP INDEX "ri_incidents_school"`);
    await q.query(`DROP TABLE "ri_incidents"`);
  }
}
