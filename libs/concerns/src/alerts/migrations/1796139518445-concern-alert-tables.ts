import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of alerts.concerns by `npm run migration:generate`: change the entities, then generate the next one. */
export class ConcernAlertTables1796139518445 implements MigrationInterface {
  name = 'ConcernAlertTables1796139518445';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "concerns" ("concern_id" text NOT NULL, "school_id" text NOT NULL, "pupil_ids" text array NOT NULL, "urgency" text NOT NULL, "adult_key" text, "low_level" boolean NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "routed_to" text, CONSTRAINT "concerns_pkey" PRIMARY KEY ("concern_id"))`,
    );
    await q.query(`CREATE INDEX "concerns_adult" ON "concerns"  ("adult_key", "school_id") `);
    await q.query(
      `CREATE TABLE "referrals" ("referral_id" text NOT NULL, "concern_id" text NOT NULL, "agency" text NOT NULL, "round" integer NOT NULL, CONSTRAINT "referrals_pkey" PRIMARY KEY ("referral_id"))`,
    );
    await q.query(
      `CREATE TABLE "pupil_concerns" ("pupil_id" text NOT NULL, "concern_id" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pupil_concerns_pkey" PRIMARY KEY ("pupil_id", "concern_id"))`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "pupil_concerns"`);
    await q.query(`DROP TABLE "referrals"`);
    await q.query(`DROP INDEX "concerns_adult"`);
    await q.query(`DROP TABLE "concerns"`);
  }
}
