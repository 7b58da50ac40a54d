import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of concern-list by `npm run migration:generate`: change the entities, then generate the next one. */
export class ConcernListTables1796144122574 implements MigrationInterface {
  name = 'ConcernListTables1796144122574';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "concerns" ("concern_id" text NOT NULL, "school_id" text NOT NULL, "version" integer NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "urgency" text NOT NULL, "summary" text NOT NULL, "categories" text array NOT NULL, "pupil_ids" text array NOT NULL, "occurred_at" text NOT NULL, "routed_to" text NOT NULL, "about_adult" jsonb, "low_level" boolean NOT NULL, "self_report" boolean NOT NULL, "raised_by" text NOT NULL, "about_staff_id" text, "case_manager" text, "acknowledged_at" text, "risk_level" text, "decision" text, "open_action_ids" text array NOT NULL, "unanswered_referral_ids" text array NOT NULL, "closed_at" text, "lado_referred_at" text, "allegation_outcome" text, CONSTRAINT "concerns_pkey" PRIMARY KEY ("concern_id"))`,
    );
    await q.query(`CREATE INDEX "concerns_raised_by" ON "concerns"  ("raised_by", "raised_at", "concern_id") `);
    await q.query(`CREATE INDEX "concerns_newest_first" ON "concerns"  ("school_id", "raised_at", "concern_id") `);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "concerns_newest_first"`);
    await q.query(`DROP INDEX "concerns_raised_by"`);
    await q.query(`DROP TABLE "concerns"`);
  }
}
