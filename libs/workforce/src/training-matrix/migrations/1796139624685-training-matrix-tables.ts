import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of training-matrix by `npm run migration:generate`: change the entities, then generate the next one. */
export class TrainingMatrixTables1796139624685 implements MigrationInterface {
  name = 'TrainingMatrixTables1796139624685';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "staff" ("staff_id" text NOT NULL, "school_id" text NOT NULL, "trust_id" text, "name" text NOT NULL, "job_role" text NOT NULL, "roles" text array NOT NULL DEFAULT '{}', CONSTRAINT "staff_pkey" PRIMARY KEY ("staff_id"))`,
    );
    await q.query(`CREATE INDEX "staff_school" ON "staff"  ("school_id") `);
    await q.query(
      `CREATE TABLE "completions" ("staff_id" text NOT NULL, "completion_id" text NOT NULL, "school_id" text NOT NULL, "course" text NOT NULL, "completed_on" text NOT NULL, "expires_on" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "completions_pkey" PRIMARY KEY ("staff_id", "completion_id"))`,
    );
    await q.query(`CREATE INDEX "completions_school" ON "completions"  ("school_id") `);
    await q.query(
      `CREATE TABLE "training_references" ("trust_id" text NOT NULL, "reference" jsonb NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "training_references_pkey" PRIMARY KEY ("trust_id"))`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "training_references"`);
    await q.query(`DROP INDEX "completions_school"`);
    await q.query(`DROP TABLE "completions"`);
    await q.query(`DROP INDEX "staff_school"`);
    await q.query(`DROP TABLE "staff"`);
  }
}
