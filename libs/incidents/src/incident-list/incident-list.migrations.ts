import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The incident list's table (run in each generation's schema, so the name is unqualified). */
export class IncidentListTable1781000000000 implements MigrationInterface {
  name = 'IncidentListTable1781000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE incident_list (
      incident_id text PRIMARY KEY,
      school_id text,
      trust_id text,
      pupil_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at text NOT NULL,
      location text NOT NULL,
      intervention_type text NOT NULL,
      recorded_by text NOT NULL,
      staff_ids text[] NOT NULL,
      parent_told_or_exempted boolean NOT NULL,
      pupil_debriefed boolean NOT NULL,
      staff_debriefed boolean NOT NULL,
      reviewed boolean NOT NULL
    )`);
    // Newest first within a school, the list's keyset order; staff see those they recorded or took part in.
    await q.query('CREATE INDEX incident_list_newest ON incident_list (school_id, occurred_at DESC, incident_id)');
    await q.query('CREATE INDEX incident_list_staff ON incident_list USING gin (staff_ids)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE incident_list');
  }
}
