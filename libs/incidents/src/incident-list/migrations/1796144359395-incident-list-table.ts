import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of incident-list by `npm run migration:generate`: change the entities, then generate the next one. */
export class IncidentListTable1796144359395 implements MigrationInterface {
  name = 'IncidentListTable1796144359395';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "incident_list" ("incident_id" text NOT NULL, "school_id" text, "trust_id" text, "pupil_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" text NOT NULL, "location" text NOT NULL, "intervention_type" text NOT NULL, "recorded_by" text NOT NULL, "staff_ids" text array NOT NULL, "parent_told_or_exempted" boolean NOT NULL, "pupil_debriefed" boolean NOT NULL, "staff_debriefed" boolean NOT NULL, "reviewed" boolean NOT NULL, CONSTRAINT "incident_list_pkey" PRIMARY KEY ("incident_id"))`,
    );
    await q.query(`CREATE INDEX "incident_list_newest" ON "incident_list"  ("school_id", "occurred_at", "incident_id") `);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "incident_list_newest"`);
    await q.query(`DROP TABLE "incident_list"`);
  }
}
