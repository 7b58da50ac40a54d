import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of staff-directory by `npm run migration:generate`: change the entities, then generate the next one. */
export class StaffDirectoryLeavers1796144594065 implements MigrationInterface {
  name = 'StaffDirectoryLeavers1796144594065';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff" ADD "left_on" text`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff" DROP COLUMN "left_on"`);
  }
}
