import type pg from 'pg';
import type { DebriefHeld, IncidentCorrected, IncidentRecorded, ParentNotified } from '../../../domain/src/incident/events.js';
import type { TrainingCompleted } from '../../../domain/src/staff/events.js';
import { PHYSICAL_INTERVENTION_COURSES } from '../../../domain/src/staff/training-reference.js';
import type { RecordedEvent } from '../../../event-store/src/event-store.js';
import type { Projection } from '../../../read-models/src/projection.js';

export const TEAM_TEACH = 'team-teach';

const incidentIdOf = (streamId: string) => streamId.replace(/^incident-/, '');

/**
 * What the Team Teach compliance audit needs: each incident as it stands (corrections applied),
 * what followed it, and every physical-intervention certificate of every member of staff.
 */
export const teamTeachProjection: Projection = {
  name: TEAM_TEACH,
  version: 1,
  tables: `
    CREATE TABLE incidents (
      incident_id text PRIMARY KEY,
      school_id text,
      trust_id text,
      pupil_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      staff_ids text[] NOT NULL
    );
    CREATE TABLE notifications (
      event_id text PRIMARY KEY,
      incident_id text NOT NULL,
      notified_at timestamptz,
      exempted boolean NOT NULL
    );
    CREATE TABLE debriefs (
      incident_id text NOT NULL,
      debrief_id text NOT NULL,
      kind text NOT NULL,
      held_at timestamptz NOT NULL,
      PRIMARY KEY (incident_id, debrief_id)
    );
    CREATE TABLE reviews (
      event_id text PRIMARY KEY,
      incident_id text NOT NULL,
      reviewed_at timestamptz NOT NULL
    );
    CREATE TABLE certificates (
      staff_id text NOT NULL,
      completion_id text NOT NULL,
      course text NOT NULL,
      completed_on text NOT NULL,
      expires_on text NOT NULL,
      PRIMARY KEY (staff_id, completion_id)
    );
  `,
  eventTypes: [
    'IncidentRecorded',
    'IncidentCorrected',
    'ParentNotified',
    'ParentNotificationExempted',
    'DebriefHeld',
    'IncidentReviewed',
    'TrainingCompleted',
  ],
  async apply(db: pg.PoolClient, events: RecordedEvent[]) {
    for (const e of events) {
      const incidentId = incidentIdOf(e.streamId);
      switch (e.type) {
        case 'IncidentRecorded': {
          const i = (e as unknown as IncidentRecorded).data;
          await db.query(
            `INSERT INTO incidents (incident_id, school_id, trust_id, pupil_id, occurred_at, recorded_at, staff_ids)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (incident_id) DO NOTHING`,
            [
              i.incidentId,
              e.metadata.schoolId,
              e.metadata.trustId,
              i.pupilId,
              i.occurredAt,
              e.recordedAt,
              i.staffInvolved.map((s) => s.staffId),
            ],
          );
          break;
        }
        case 'IncidentCorrected': {
          const c = (e as unknown as IncidentCorrected).data;
          if (c.field === 'occurredAt')
            await db.query('UPDATE incidents SET occurred_at = $2 WHERE incident_id = $1', [incidentId, c.value]);
          if (c.field === 'staffInvolved')
            await db.query('UPDATE incidents SET staff_ids = $2 WHERE incident_id = $1', [incidentId, c.value.map((s) => s.staffId)]);
          break;
        }
        case 'ParentNotified':
          await db.query(
            'INSERT INTO notifications (event_id, incident_id, notified_at, exempted) VALUES ($1, $2, $3, false) ON CONFLICT DO NOTHING',
            [e.eventId, incidentId, (e as unknown as ParentNotified).data.notifiedAt],
          );
          break;
        case 'ParentNotificationExempted':
          await db.query(
            'INSERT INTO notifications (event_id, incident_id, notified_at, exempted) VALUES ($1, $2, NULL, true) ON CONFLICT DO NOTHING',
            [e.eventId, incidentId],
          );
          break;
        case 'DebriefHeld': {
          const d = (e as unknown as DebriefHeld).data;
          await db.query('INSERT INTO debriefs (incident_id, debrief_id, kind, held_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
            incidentId,
            d.debriefId,
            d.kind,
            d.heldAt,
          ]);
          break;
        }
        case 'IncidentReviewed':
          await db.query('INSERT INTO reviews (event_id, incident_id, reviewed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
            e.eventId,
            incidentId,
            e.metadata.occurredAt,
          ]);
          break;
        case 'TrainingCompleted': {
          const c = (e as unknown as TrainingCompleted).data;
          if (!(PHYSICAL_INTERVENTION_COURSES as readonly string[]).includes(c.course)) break;
          await db.query(
            `INSERT INTO certificates (staff_id, completion_id, course, completed_on, expires_on) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
            [e.streamId.replace(/^staff-/, ''), c.completionId, c.course, c.completedOn, c.expiresOn],
          );
          break;
        }
      }
    }
  },
};
