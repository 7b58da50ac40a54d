import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of alerts by `npm run migration:generate`: change the entities, then generate the next one. */
export class AlertsInboxTables1796144107206 implements MigrationInterface {
  name = 'AlertsInboxTables1796144107206';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "alerts" ("id" uuid NOT NULL, "cause" text NOT NULL, "kind" text NOT NULL, "priority" text NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "escalation_level" integer NOT NULL, "audience" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "school_id" text NOT NULL, "pupil_id" text, "staff_id" text, "concern_id" text, "incident_id" text, "cover_assignment_id" text, "message" text NOT NULL, "about_staff_id" text, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" text, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" text, "resolution_note" text, CONSTRAINT "alerts_cause_key" UNIQUE ("cause"), CONSTRAINT "alerts_status_check" CHECK ("status" IN ('open', 'acknowledged', 'resolved')), CONSTRAINT "alerts_audience_check" CHECK ("audience" IN ('dsl', 'deputy_dsl', 'headteacher', 'trust_safeguarding_lead')), CONSTRAINT "alerts_escalation_level_check" CHECK ("escalation_level" BETWEEN 0 AND 2), CONSTRAINT "alerts_priority_check" CHECK ("priority" IN ('low', 'medium', 'high', 'critical')), CONSTRAINT "alerts_pkey" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "alerts_concern" ON "alerts"  ("concern_id", "kind") `);
    await q.query(`CREATE INDEX "alerts_inbox_pages" ON "alerts"  ("school_id", "raised_at", "id") `);
    await q.query(`CREATE INDEX "alerts_inbox" ON "alerts"  ("school_id", "status", "raised_at", "id") `);
    await q.query(
      `CREATE TABLE "alert_timers" ("cause" text NOT NULL, "kind" text NOT NULL, "subject" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "armed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "payload" jsonb NOT NULL, "fired" boolean NOT NULL DEFAULT false, CONSTRAINT "alert_timers_pkey" PRIMARY KEY ("cause"))`,
    );
    await q.query(`CREATE INDEX "alert_timers_subject" ON "alert_timers"  ("kind", "subject") `);
    await q.query(`CREATE INDEX "alert_timers_due" ON "alert_timers"  ("due_at") WHERE NOT fired`);
    await q.query(
      `CREATE TABLE "alert_claims" ("cause" text NOT NULL, "kind" text NOT NULL, "subject" text NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "window_end" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "alert_claims_pkey" PRIMARY KEY ("cause"))`,
    );
    await q.query(`CREATE INDEX "alert_claims_subject" ON "alert_claims"  ("kind", "subject") `);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "alert_claims_subject"`);
    await q.query(`DROP TABLE "alert_claims"`);
    await q.query(`DROP INDEX "alert_timers_due"`);
    await q.query(`DROP INDEX "alert_timers_subject"`);
    await q.query(`DROP TABLE "alert_timers"`);
    await q.query(`DROP INDEX "alerts_inbox"`);
    await q.query(`DROP INDEX "alerts_inbox_pages"`);
    await q.query(`DROP INDEX "alerts_concern"`);
    await q.query(`DROP TABLE "alerts"`);
  }
}
