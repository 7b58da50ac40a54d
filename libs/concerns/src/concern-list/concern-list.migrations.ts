import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The concern list's table (run in each generation's schema, so the name is unqualified). */
export class ConcernListTables1781000000000 implements MigrationInterface {
  name = 'ConcernListTables1781000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE concerns (
      concern_id text PRIMARY KEY,
      school_id text NOT NULL,
      version integer NOT NULL,
      raised_at timestamptz NOT NULL,
      status text NOT NULL,
      urgency text NOT NULL,
      summary text NOT NULL,
      categories text[] NOT NULL,
      pupil_ids text[] NOT NULL,
      occurred_at text NOT NULL,
      routed_to text NOT NULL,
      about_adult jsonb,
      low_level boolean NOT NULL,
      self_report boolean NOT NULL,
      raised_by text NOT NULL,
      about_staff_id text,
      case_manager text,
      acknowledged_at text,
      risk_level text,
      decision text,
      open_action_ids text[] NOT NULL,
      unanswered_referral_ids text[] NOT NULL,
      closed_at text,
      lado_referred_at text,
      allegation_outcome text
    )`);
    // Read backwards: newest first within a school, then by id, the key a page's cursor carries.
    await q.query('CREATE INDEX concerns_newest_first ON concerns (school_id, raised_at, concern_id)');
    // "My concerns": the raiser's own, the same way.
    await q.query('CREATE INDEX concerns_raised_by ON concerns (raised_by, raised_at, concern_id)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE concerns');
  }
}
