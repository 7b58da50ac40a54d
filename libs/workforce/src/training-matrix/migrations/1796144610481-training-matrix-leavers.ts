import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities of training-matrix by `npm run migration:generate`: change the entities, then generate the next one. */
export class TrainingMatrixLeavers1796144610481 implements MigrationInterface {
  name = 'TrainingMatrixLeavers1796144610481';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff" ADD "left_on" text`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff" DROP COLUMN "left_on"`);
  }
}
