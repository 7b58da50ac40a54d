import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The Team Teach audit's tables (run in each generation's schema, so names are unqualified). */
export class TeamTeachTables1764489600000 implements MigrationInterface {
  name = 'TeamTeachTables1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE incidents (
      incident_id text PRIMARY KEY,
      school_id text,
      trust_id text,
      pupil_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      staff_ids text[] NOT NULL
    )`);
    await q.query('CREATE INDEX incidents_school ON incidents (school_id, occurred_at)');
    await q.query(`CREATE TABLE notifications (
      event_id text PRIMARY KEY,
      incident_id text NOT NULL,
      school_id text,
      notified_at timestamptz,
      exempted boolean NOT NULL
    )`);
    await q.query('CREATE INDEX notifications_incident ON notifications (incident_id)');
    await q.query(`CREATE TABLE debriefs (
      incident_id text NOT NULL,
      debrief_id text NOT NULL,
      school_id text,
      kind text NOT NULL,
      held_at timestamptz NOT NULL,
      PRIMARY KEY (incident_id, debrief_id)
    )`);
    await q.query(`CREATE TABLE reviews (
      event_id text PRIMARY KEY,
      incident_id text NOT NULL,
      school_id text,
      reviewed_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX reviews_incident ON reviews (incident_id)');
    await q.query(`CREATE TABLE certificates (
      staff_id text NOT NULL,
      completion_id text NOT NULL,
      school_id text,
      course text NOT NULL,
      completed_on text NOT NULL,
      expires_on text NOT NULL,
      PRIMARY KEY (staff_id, completion_id)
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    for (const table of ['certificates', 'reviews', 'debriefs', 'notifications', 'incidents']) await q.query(`DROP TABLE ${table}`);
  }
}

/**
 * The 2026 regulations: who did what (holds per person, named people not registered), the type of
 * intervention, and an exemption's reason and who decided it.
 */
export class TeamTeachRestrictiveInterventions1780600000000 implements MigrationInterface {
  name = 'TeamTeachRestrictiveInterventions1780600000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents ADD COLUMN staff_holds jsonb NOT NULL DEFAULT '[]'`);
    await q.query('ALTER TABLE incidents ADD COLUMN intervention_type text');
    await q.query('ALTER TABLE notifications ADD COLUMN exemption_reason text');
    await q.query('ALTER TABLE notifications ADD COLUMN decided_as text');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notifications DROP COLUMN decided_as');
    await q.query('ALTER TABLE notifications DROP COLUMN exemption_reason');
    await q.query('ALTER TABLE incidents DROP COLUMN intervention_type');
    await q.query('ALTER TABLE incidents DROP COLUMN staff_holds');
  }
}
