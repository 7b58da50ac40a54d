import type { EntityManager } from 'typeorm';
import type { DebriefHeld, IncidentCorrected, IncidentRecorded, ParentNotified } from '../domain/events.js';
import { PHYSICAL_INTERVENTION_COURSES, type TrainingCompleted } from '#lib/workforce';
import type { RecordedEvent } from '#lib/event-store';
import { insertIfAbsent, type Projection } from '#lib/read-models';
import {
  TeamTeachCertificate,
  TeamTeachDebrief,
  TeamTeachIncidentRow,
  TeamTeachNotification,
  TeamTeachReview,
} from './team-teach.entities.js';
import { TeamTeachTables1764489600000 } from './team-teach.migrations.js';

export const TEAM_TEACH = 'team-teach';

const incidentIdOf = (streamId: string) => streamId.replace(/^incident-/, '');

/**
 * What the Team Teach compliance audit needs: each incident as it stands (corrections applied),
 * what followed it, and every physical-intervention certificate of every member of staff.
 */
export const teamTeachProjection: Projection = {
  name: TEAM_TEACH,
  version: 2,
  entities: [TeamTeachIncidentRow, TeamTeachNotification, TeamTeachDebrief, TeamTeachReview, TeamTeachCertificate],
  readable: [TeamTeachIncidentRow, TeamTeachNotification, TeamTeachDebrief, TeamTeachReview, TeamTeachCertificate],
  migrations: [TeamTeachTables1764489600000],
  eventTypes: [
    'IncidentRecorded',
    'IncidentCorrected',
    'ParentNotified',
    'ParentNotificationExempted',
    'DebriefHeld',
    'IncidentReviewed',
    'TrainingCompleted',
  ],
  async apply(db: EntityManager, events: RecordedEvent[]) {
    for (const e of events) {
      const incidentId = incidentIdOf(e.streamId);
      // Follow-up events carry the incident's school (the staff member's, for a certificate).
      const schoolId = e.metadata.schoolId;
      switch (e.type) {
        case 'IncidentRecorded': {
          const i = (e as unknown as IncidentRecorded).data;
          await insertIfAbsent(db, TeamTeachIncidentRow, {
            incidentId: i.incidentId,
            schoolId,
            trustId: e.metadata.trustId,
            pupilId: i.pupilId,
            occurredAt: new Date(i.occurredAt),
            recordedAt: new Date(e.recordedAt),
            staffIds: i.staffInvolved.map((s) => s.staffId),
          });
          break;
        }
        case 'IncidentCorrected': {
          const c = (e as unknown as IncidentCorrected).data;
          if (c.field === 'occurredAt') await db.update(TeamTeachIncidentRow, { incidentId }, { occurredAt: new Date(c.value) });
          if (c.field === 'staffInvolved')
            await db.update(TeamTeachIncidentRow, { incidentId }, { staffIds: c.value.map((s) => s.staffId) });
          break;
        }
        case 'ParentNotified':
          await insertIfAbsent(db, TeamTeachNotification, {
            eventId: e.eventId,
            incidentId,
            schoolId,
            notifiedAt: new Date((e as unknown as ParentNotified).data.notifiedAt),
            exempted: false,
          });
          break;
        case 'ParentNotificationExempted':
          await insertIfAbsent(db, TeamTeachNotification, { eventId: e.eventId, incidentId, schoolId, notifiedAt: null, exempted: true });
          break;
        case 'DebriefHeld': {
          const d = (e as unknown as DebriefHeld).data;
          await insertIfAbsent(db, TeamTeachDebrief, {
            incidentId,
            debriefId: d.debriefId,
            schoolId,
            kind: d.kind,
            heldAt: new Date(d.heldAt),
          });
          break;
        }
        case 'IncidentReviewed':
          await insertIfAbsent(db, TeamTeachReview, {
            eventId: e.eventId,
            incidentId,
            schoolId,
            reviewedAt: new Date(e.metadata.occurredAt),
          });
          break;
        case 'TrainingCompleted': {
          const c = (e as unknown as TrainingCompleted).data;
          if (!(PHYSICAL_INTERVENTION_COURSES as readonly string[]).includes(c.course)) break;
          await insertIfAbsent(db, TeamTeachCertificate, {
            staffId: e.streamId.replace(/^staff-/, ''),
            completionId: c.completionId,
            schoolId,
            course: c.course,
            completedOn: c.completedOn,
            expiresOn: c.expiresOn,
          });
          break;
        }
      }
    }
  },
};
