import type pg from 'pg';
import { toIso } from '../shared/dates.js';

export interface ChronologyEntry {
  occurredAt: string;
  recordedAt: string;
  late: boolean;
  kind: string;
  summary: string;
  ref: { concernId?: string; incidentId?: string };
}

/** The school a pupil belongs to, or null when the chronology knows no such pupil. */
export async function pupilSchool(db: pg.PoolClient, pupilId: string): Promise<string | null> {
  const { rows } = await db.query<{ school_id: string }>('SELECT school_id FROM pupils WHERE pupil_id = $1', [pupilId]);
  return rows[0]?.school_id ?? null;
}

/** A pupil's chronology by when things happened (then by when they were stored); lines about adults only when asked for. */
export async function pupilChronology(
  db: pg.PoolClient,
  pupilId: string,
  options: { includeAboutAdult: boolean },
): Promise<ChronologyEntry[]> {
  const { rows } = await db.query<{
    occurred_at: Date;
    recorded_at: Date;
    late: boolean;
    kind: string;
    summary: string;
    concern_id: string | null;
    incident_id: string | null;
  }>(
    `SELECT occurred_at, recorded_at, late, kind, summary, concern_id, incident_id FROM entries
      WHERE pupil_id = $1 AND ($2 OR NOT about_adult)
      ORDER BY occurred_at, position`,
    [pupilId, options.includeAboutAdult],
  );
  return rows.map((r) => ({
    occurredAt: toIso(r.occurred_at),
    recordedAt: toIso(r.recorded_at),
    late: r.late,
    kind: r.kind,
    summary: r.summary,
    ref: r.concern_id ? { concernId: r.concern_id } : { incidentId: r.incident_id! },
  }));
}
