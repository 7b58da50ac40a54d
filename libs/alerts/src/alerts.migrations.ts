import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The alert inbox's own tables (each rule family brings its own) (run in each generation's schema, so names are unqualified). */
export class AlertsTables1764489600000 implements MigrationInterface {
  name = 'AlertsTables1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE alerts (
      id uuid PRIMARY KEY,
      cause text NOT NULL CONSTRAINT alerts_cause_key UNIQUE,
      kind text NOT NULL,
      priority text NOT NULL,
      raised_at timestamptz NOT NULL,
      escalation_level integer NOT NULL,
      audience text NOT NULL,
      status text NOT NULL DEFAULT 'open',
      school_id text NOT NULL,
      pupil_id text,
      staff_id text,
      concern_id text,
      incident_id text,
      cover_assignment_id text,
      message text NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by text,
      resolved_at timestamptz,
      resolved_by text,
      resolution_note text,
      CONSTRAINT alerts_priority_check CHECK (priority IN ('low', 'medium', 'high', 'critical')),
      CONSTRAINT alerts_escalation_level_check CHECK (escalation_level BETWEEN 0 AND 2),
      CONSTRAINT alerts_audience_check CHECK (audience IN ('dsl', 'deputy_dsl', 'headteacher')),
      CONSTRAINT alerts_status_check CHECK (status IN ('open', 'acknowledged', 'resolved'))
    )`);
    await q.query('CREATE INDEX alerts_inbox ON alerts (school_id, status, raised_at DESC)');

    await q.query(`CREATE TABLE alert_timers (
      cause text PRIMARY KEY,
      kind text NOT NULL,
      subject text NOT NULL,
      due_at timestamptz NOT NULL,
      armed_at timestamptz NOT NULL,
      payload jsonb NOT NULL,
      fired boolean NOT NULL DEFAULT false
    )`);
    await q.query('CREATE INDEX alert_timers_due ON alert_timers (due_at) WHERE NOT fired');
    await q.query('CREATE INDEX alert_timers_subject ON alert_timers (kind, subject)');

    await q.query(`CREATE TABLE alert_claims (
      cause text PRIMARY KEY,
      kind text NOT NULL,
      subject text NOT NULL,
      window_start timestamptz NOT NULL,
      window_end timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX alert_claims_subject ON alert_claims (kind, subject)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE alert_claims');
    await q.query('DROP TABLE alert_timers');
    await q.query('DROP TABLE alerts');
  }
}

/** Concerns about adults: the trust's safeguarding lead as an audience, and the adult each alert is about. */
export class AlertsAboutAdults1780000000000 implements MigrationInterface {
  name = 'AlertsAboutAdults1780000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE alerts ADD COLUMN about_staff_id text');
    await q.query('ALTER TABLE alerts DROP CONSTRAINT alerts_audience_check');
    await q.query(
      `ALTER TABLE alerts ADD CONSTRAINT alerts_audience_check CHECK (audience IN ('dsl', 'deputy_dsl', 'headteacher', 'trust_safeguarding_lead'))`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE alerts DROP CONSTRAINT alerts_audience_check');
    await q.query(`ALTER TABLE alerts ADD CONSTRAINT alerts_audience_check CHECK (audience IN ('dsl', 'deputy_dsl', 'headteacher'))`);
    await q.query('ALTER TABLE alerts DROP COLUMN about_staff_id');
  }
}

/** A rule that resolves a concern's alerts when what they asked for is done reads them by concern. */
export class AlertsByConcern1780500000000 implements MigrationInterface {
  name = 'AlertsByConcern1780500000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX alerts_concern ON alerts (concern_id, kind)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX alerts_concern');
  }
}

/**
 * A page of the inbox is read in its order (newest first, then by id) straight from an index, with or
 * without a status: a page costs the same however many alerts the school has.
 */
export class AlertsInboxPages1781000000000 implements MigrationInterface {
  name = 'AlertsInboxPages1781000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX alerts_inbox');
    await q.query('CREATE INDEX alerts_inbox ON alerts (school_id, status, raised_at DESC, id)');
    await q.query('CREATE INDEX alerts_inbox_pages ON alerts (school_id, raised_at DESC, id)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX alerts_inbox_pages');
    await q.query('DROP INDEX alerts_inbox');
    await q.query('CREATE INDEX alerts_inbox ON alerts (school_id, status, raised_at DESC)');
  }
}
