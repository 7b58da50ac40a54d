import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The incident alert rules' tables, in the inbox's generation schema (names unqualified). */
export class IncidentAlertTables1764489600000 implements MigrationInterface {
  name = 'IncidentAlertTables1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE restraints (
      incident_id text PRIMARY KEY,
      school_id text NOT NULL,
      pupil_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      staff_involved jsonb NOT NULL,
      parent_notified_at timestamptz,
      pupil_debrief_at timestamptz,
      staff_debrief_at timestamptz
    )`);
    await q.query('CREATE INDEX restraints_pupil ON restraints (pupil_id)');
    await q.query(`CREATE TABLE restraint_certificates (
      completion_id text PRIMARY KEY,
      staff_id text NOT NULL,
      course text NOT NULL,
      completed_on date NOT NULL,
      expires_on date NOT NULL
    )`);
    await q.query('CREATE INDEX restraint_certificates_staff ON restraint_certificates (staff_id)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE restraint_certificates');
    await q.query('DROP TABLE restraints');
  }
}

/** Each pupil's behaviour support plan review date, for the repeat-restraint alert. */
export class IncidentAlertBehaviourPlans1780100000000 implements MigrationInterface {
  name = 'IncidentAlertBehaviourPlans1780100000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE behaviour_plans (pupil_id text PRIMARY KEY, review_due_on text NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE behaviour_plans');
  }
}
