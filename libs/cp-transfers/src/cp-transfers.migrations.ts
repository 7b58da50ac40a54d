import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The child protection transfers' tables (run in each generation's schema, so names are unqualified). */
export class CpTransferTables1782000000000 implements MigrationInterface {
  name = 'CpTransferTables1782000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outgoing (
      transfer_id text PRIMARY KEY,
      school_id text NOT NULL,
      pupil_id text NOT NULL,
      to_school_id text,
      to_name text NOT NULL,
      to_urn text,
      left_on text NOT NULL,
      due_on text NOT NULL,
      status text NOT NULL,
      started_at timestamptz NOT NULL,
      started_by text NOT NULL,
      received_at timestamptz
    )`);
    await q.query('CREATE INDEX outgoing_pupil ON outgoing (pupil_id)');
    await q.query(`CREATE TABLE incoming (
      transfer_id text PRIMARY KEY,
      school_id text NOT NULL,
      from_school_id text NOT NULL,
      pupil_id text NOT NULL,
      left_on text NOT NULL,
      due_on text NOT NULL,
      status text NOT NULL,
      started_at timestamptz NOT NULL,
      received_at timestamptz
    )`);
    await q.query(`CREATE TABLE received_files (
      transfer_id text PRIMARY KEY,
      school_id text NOT NULL,
      pupil_id text NOT NULL,
      received_at timestamptz NOT NULL
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE received_files');
    await q.query('DROP TABLE incoming');
    await q.query('DROP TABLE outgoing');
  }
}
