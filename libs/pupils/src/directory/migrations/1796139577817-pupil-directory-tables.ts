import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of directory by `npm run migration:generate`: change the entities, then generate the next one. */
export class PupilDirectoryTables1796139577817 implements MigrationInterface {
  name = 'PupilDirectoryTables1796139577817';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "pupils" ("pupil_id" text NOT NULL, "school_id" text NOT NULL, "first_name" text NOT NULL, "last_name" text NOT NULL, "year_group" text NOT NULL, "date_of_birth" text NOT NULL, "upn" text, "sen" boolean NOT NULL, "ehcp" boolean NOT NULL, CONSTRAINT "pupils_pkey" PRIMARY KEY ("pupil_id"))`,
    );
    await q.query(`CREATE INDEX "pupils_school" ON "pupils"  ("school_id") `);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "pupils_school"`);
    await q.query(`DROP TABLE "pupils"`);
  }
}
