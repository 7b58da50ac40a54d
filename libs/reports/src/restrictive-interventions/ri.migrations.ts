import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The restrictive-interventions report's tables (run in each generation's schema, so names are unqualified). */
export class RestrictiveInterventionsTables1780100000000 implements MigrationInterface {
  name = 'RestrictiveInterventionsTables1780100000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ri_incidents (
      incident_id text PRIMARY KEY,
      school_id text,
      pupil_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      ended_at timestamptz NOT NULL,
      force_type text NOT NULL,
      staff_ids text[] NOT NULL,
      sen boolean NOT NULL,
      ehcp boolean NOT NULL,
      pupil_injured boolean NOT NULL,
      staff_injured boolean NOT NULL
    )`);
    await q.query('CREATE INDEX ri_incidents_school ON ri_incidents (school_id, occurred_at)');
    await q.query(`CREATE TABLE ri_pupils (
      pupil_id text PRIMARY KEY,
      school_id text NOT NULL,
      year_group text NOT NULL
    )`);
    await q.query(`CREATE TABLE ri_pupil_status (
      event_id text PRIMARY KEY,
      pupil_id text NOT NULL,
      school_id text,
      effective_at timestamptz NOT NULL,
      position bigint NOT NULL,
      looked_after boolean,
      previously_looked_after boolean,
      child_protection_plan boolean,
      child_in_need boolean,
      disability boolean,
      sex text
    )`);
    await q.query('CREATE INDEX ri_pupil_status_pupil ON ri_pupil_status (pupil_id, effective_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    for (const table of ['ri_pupil_status', 'ri_pupils', 'ri_incidents']) await q.query(`DROP TABLE ${table}`);
  }
}
