import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of team-teach by `npm run migration:generate`: change the entities, then generate the next one. */
export class TeamTeachTables1796139662620 implements MigrationInterface {
  name = 'TeamTeachTables1796139662620';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "incidents" ("incident_id" text NOT NULL, "school_id" text, "trust_id" text, "pupil_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "staff_ids" text array NOT NULL, "staff_holds" jsonb NOT NULL DEFAULT '[]', "intervention_type" text, CONSTRAINT "incidents_pkey" PRIMARY KEY ("incident_id"))`,
    );
    await q.query(`CREATE INDEX "incidents_school" ON "incidents"  ("school_id", "occurred_at") `);
    await q.query(
      `CREATE TABLE "notifications" ("event_id" text NOT NULL, "incident_id" text NOT NULL, "school_id" text, "notified_at" TIMESTAMP WITH TIME ZONE, "exempted" boolean NOT NULL, "exemption_reason" text, "decided_as" text, CONSTRAINT "notifications_pkey" PRIMARY KEY ("event_id"))`,
    );
    await q.query(`CREATE INDEX "notifications_incident" ON "notifications"  ("incident_id") `);
    await q.query(
      `CREATE TABLE "debriefs" ("incident_id" text NOT NULL, "debrief_id" text NOT NULL, "school_id" text, "kind" text NOT NULL, "held_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "debriefs_pkey" PRIMARY KEY ("incident_id", "debrief_id"))`,
    );
    await q.query(
      `CREATE TABLE "reviews" ("event_id" text NOT NULL, "incident_id" text NOT NULL, "school_id" text, "reviewed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "reviews_pkey" PRIMARY KEY ("event_id"))`,
    );
    await q.query(`CREATE INDEX "reviews_incident" ON "reviews"  ("incident_id") `);
    await q.query(
      `CREATE TABLE "certificates" ("staff_id" text NOT NULL, "completion_id" text NOT NULL, "school_id" text, "course" text NOT NULL, "completed_on" text NOT NULL, "expires_on" text NOT NULL, CONSTRAINT "certificates_pkey" PRIMARY KEY ("staff_id", "completion_id"))`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "certificates"`);
    await q.query(`DROP INDEX "reviews_incident"`);
    await q.query(`DROP TABLE "reviews"`);
    await q.query(`DROP TABLE "debriefs"`);
    await q.query(`DROP INDEX "notifications_incident"`);
    await q.query(`DROP TABLE "notifications"`);
    await q.query(`DROP INDEX "incidents_school"`);
    await q.query(`DROP TABLE "incidents"`);
  }
}
