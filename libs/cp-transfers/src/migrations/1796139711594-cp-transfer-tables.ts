import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of cp-transfers by `npm run migration:generate`: change the entities, then generate the next one. */
export class CpTransferTables1796139711594 implements MigrationInterface {
  name = 'CpTransferTables1796139711594';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "outgoing" ("transfer_id" text NOT NULL, "school_id" text NOT NULL, "pupil_id" text NOT NULL, "to_school_id" text, "to_name" text NOT NULL, "to_urn" text, "left_on" text NOT NULL, "due_on" text NOT NULL, "status" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_by" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "outgoing_pkey" PRIMARY KEY ("transfer_id"))`,
    );
    await q.query(`CREATE INDEX "outgoing_pupil" ON "outgoing"  ("pupil_id") `);
    await q.query(
      `CREATE TABLE "incoming" ("transfer_id" text NOT NULL, "school_id" text NOT NULL, "from_school_id" text NOT NULL, "pupil_id" text NOT NULL, "left_on" text NOT NULL, "due_on" text NOT NULL, "status" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "incoming_pkey" PRIMARY KEY ("transfer_id"))`,
    );
    await q.query(
      `CREATE TABLE "received_files" ("transfer_id" text NOT NULL, "school_id" text NOT NULL, "pupil_id" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "received_files_pkey" PRIMARY KEY ("transfer_id"))`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "received_files"`);
    await q.query(`DROP TABLE "incoming"`);
    await q.query(`DROP INDEX "outgoing_pupil"`);
    await q.query(`DROP TABLE "outgoing"`);
  }
}
