import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The concern alert rules' tables, in the inbox's generation schema (names unqualified). */
export class ConcernAlertTables1764489600000 implements MigrationInterface {
  name = 'ConcernAlertTables1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE concerns (
      concern_id text PRIMARY KEY,
      school_id text NOT NULL,
      pupil_ids text[] NOT NULL,
      urgency text NOT NULL,
      adult_key text,
      low_level boolean NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      closed_at timestamptz
    )`);
    await q.query('CREATE INDEX concerns_adult ON concerns (adult_key, school_id)');
    await q.query(`CREATE TABLE pupil_concerns (
      pupil_id text NOT NULL,
      concern_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      PRIMARY KEY (pupil_id, concern_id)
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pupil_concerns');
    await q.query('DROP TABLE concerns');
  }
}

/** Referrals awaiting a response, and who handles each concern (the audience of its referral alerts). */
export class ConcernAlertReferrals1780500000000 implements MigrationInterface {
  name = 'ConcernAlertReferrals1780500000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE concerns ADD COLUMN routed_to text');
    await q.query(`CREATE TABLE referrals (
      referral_id text PRIMARY KEY,
      concern_id text NOT NULL,
      agency text NOT NULL,
      round integer NOT NULL
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE referrals');
    await q.query('ALTER TABLE concerns DROP COLUMN routed_to');
  }
}
