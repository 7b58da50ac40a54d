import type pg from 'pg';
import type { ConcernRaised } from '../../../domain/src/concern/events.js';
import type { IncidentCorrected, IncidentRecorded } from '../../../domain/src/incident/events.js';
import type { PupilRegistered } from '../../../domain/src/pupil/events.js';
import type { RecordedEvent } from '../../../event-store/src/event-store.js';
import type { Projection } from '../../../read-models/src/projection.js';
import { toIso } from '../shared/dates.js';
import { chronologyLine, isLate } from './chronology-entry.js';

export const CHRONOLOGY = 'chronology';

const CONCERN_EVENTS = [
  'ConcernRaised',
  'ConcernTriaged',
  'ConcernActionAssigned',
  'ConcernActionCompleted',
  'ConcernAddendumAdded',
  'ConcernClosed',
];
const INCIDENT_EVENTS = [
  'IncidentRecorded',
  'ParentNotified',
  'ParentNotificationExempted',
  'DebriefHeld',
  'IncidentReviewed',
  'IncidentCorrected',
];

/**
 * One line per event per pupil it is about: a concern about three pupils appears in each of their
 * chronologies. Lines of a concern about an adult are marked so only the headteacher sees them.
 */
export const chronologyProjection: Projection = {
  name: CHRONOLOGY,
  version: 1,
  tables: `
    CREATE TABLE pupils (pupil_id text PRIMARY KEY, school_id text NOT NULL);
    CREATE TABLE concerns (concern_id text PRIMARY KEY, school_id text, pupil_ids text[] NOT NULL, about_adult boolean NOT NULL);
    CREATE TABLE incidents (incident_id text PRIMARY KEY, school_id text, pupil_id text NOT NULL);
    CREATE TABLE entries (
      position bigint NOT NULL,
      pupil_id text NOT NULL,
      kind text NOT NULL,
      summary text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      late boolean NOT NULL,
      concern_id text,
      incident_id text,
      about_adult boolean NOT NULL,
      PRIMARY KEY (position, pupil_id)
    );
    CREATE INDEX entries_pupil ON entries (pupil_id, occurred_at);
  `,
  eventTypes: ['PupilRegistered', ...CONCERN_EVENTS, ...INCIDENT_EVENTS],
  async apply(db: pg.PoolClient, events: RecordedEvent[]) {
    for (const e of events) {
      if (e.type === 'PupilRegistered') {
        const p = (e as unknown as PupilRegistered).data;
        await db.query('INSERT INTO pupils (pupil_id, school_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [p.pupilId, p.schoolId]);
        continue;
      }
      let subject: { pupilIds: string[]; aboutAdult: boolean; concernId: string | null; incidentId: string | null } | null = null;
      if (e.type === 'ConcernRaised') {
        const c = (e as unknown as ConcernRaised).data;
        await db.query(
          'INSERT INTO concerns (concern_id, school_id, pupil_ids, about_adult) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [c.concernId, e.metadata.schoolId, c.pupilIds, c.aboutAdult !== null],
        );
      } else if (e.type === 'IncidentRecorded') {
        const i = (e as unknown as IncidentRecorded).data;
        await db.query('INSERT INTO incidents (incident_id, school_id, pupil_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          i.incidentId,
          e.metadata.schoolId,
          i.pupilId,
        ]);
      }
      if (CONCERN_EVENTS.includes(e.type)) {
        const concernId = e.streamId.replace(/^concern-/, '');
        const { rows } = await db.query<{ pupil_ids: string[]; about_adult: boolean }>(
          'SELECT pupil_ids, about_adult FROM concerns WHERE concern_id = $1',
          [concernId],
        );
        if (rows[0]) subject = { pupilIds: rows[0].pupil_ids, aboutAdult: rows[0].about_adult, concernId, incidentId: null };
      } else {
        const incidentId = e.streamId.replace(/^incident-/, '');
        const { rows } = await db.query<{ pupil_id: string }>('SELECT pupil_id FROM incidents WHERE incident_id = $1', [incidentId]);
        if (rows[0]) subject = { pupilIds: [rows[0].pupil_id], aboutAdult: false, concernId: null, incidentId };
        if (e.type === 'IncidentCorrected') await moveIncident(db, incidentId, (e as unknown as IncidentCorrected).data);
      }
      const line = chronologyLine(e);
      if (subject === null || line === null) continue;
      for (const pupilId of new Set(subject.pupilIds)) {
        await db.query(
          `INSERT INTO entries (position, pupil_id, kind, summary, occurred_at, recorded_at, late, concern_id, incident_id, about_adult)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
          [
            e.globalPosition,
            pupilId,
            line.kind,
            line.summary,
            line.occurredAt,
            e.recordedAt,
            isLate(line.occurredAt, e.recordedAt),
            subject.concernId,
            subject.incidentId,
            subject.aboutAdult,
          ],
        );
      }
    }
  },
};

/** A corrected start time moves the incident's line (and may make it late). */
async function moveIncident(db: pg.PoolClient, incidentId: string, correction: IncidentCorrected['data']): Promise<void> {
  if (correction.field !== 'occurredAt') return;
  const { rows } = await db.query<{ position: string; pupil_id: string; recorded_at: Date }>(
    `SELECT position, pupil_id, recorded_at FROM entries WHERE incident_id = $1 AND kind = 'incident_recorded'`,
    [incidentId],
  );
  for (const r of rows) {
    await db.query('UPDATE entries SET occurred_at = $3, late = $4 WHERE position = $1 AND pupil_id = $2', [
      r.position,
      r.pupil_id,
      correction.value,
      isLate(correction.value, toIso(r.recorded_at)),
    ]);
  }
}
