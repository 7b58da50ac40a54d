import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of chronology by `npm run migration:generate`: change the entities, then generate the next one. */
export class ChronologyTables1796139680513 implements MigrationInterface {
  name = 'ChronologyTables1796139680513';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "pupils" ("pupil_id" text NOT NULL, "school_id" text NOT NULL, CONSTRAINT "pupils_pkey" PRIMARY KEY ("pupil_id"))`,
    );
    await q.query(
      `CREATE TABLE "concerns" ("concern_id" text NOT NULL, "school_id" text, "pupil_ids" text array NOT NULL, "about_adult" boolean NOT NULL, "about_staff_id" text, "case_manager" text, CONSTRAINT "concerns_pkey" PRIMARY KEY ("concern_id"))`,
    );
    await q.query(
      `CREATE TABLE "incidents" ("incident_id" text NOT NULL, "school_id" text, "pupil_id" text NOT NULL, CONSTRAINT "incidents_pkey" PRIMARY KEY ("incident_id"))`,
    );
    await q.query(
      `CREATE TABLE "entries" ("position" bigint NOT NULL, "pupil_id" text NOT NULL, "school_id" text NOT NULL, "kind" text NOT NULL, "summary" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "late" boolean NOT NULL, "concern_id" text, "incident_id" text, "entry_id" text, "about_adult" boolean NOT NULL, "about_staff_id" text, "case_manager" text, CONSTRAINT "entries_pkey" PRIMARY KEY ("position", "pupil_id"))`,
    );
    await q.query(`CREATE INDEX "entries_pupil" ON "entries"  ("pupil_id", "occurred_at") `);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "entries_pupil"`);
    await q.query(`DROP TABLE "entries"`);
    await q.query(`DROP TABLE "incidents"`);
    await q.query(`DROP TABLE "concerns"`);
    await q.query(`DROP TABLE "pupils"`);
  }
}
