import { PHYSICAL_INTERVENTION_COURSES, type StaffEvent } from '#lib/workforce';
import { defineProjection } from '#lib/read-models';
import type { IncidentEvent } from '../domain/events.js';
import type { StaffInvolvement } from '../domain/vocabulary.js';
import {
  TeamTeachCertificate,
  TeamTeachDebrief,
  TeamTeachIncidentRow,
  TeamTeachNotification,
  TeamTeachReview,
} from './team-teach.entities.js';
import { TeamTeachTables1796139662620 } from './migrations/1796139662620-team-teach-tables.js';

export const TEAM_TEACH = 'team-teach';

const incidentIdOf = (streamId: string) => streamId.replace(/^incident-/, '');

const staffColumns = (staff: readonly StaffInvolvement[]) => ({
  staffIds: staff.flatMap((s) => (s.staffId ? [s.staffId] : [])),
  staffHolds: staff.map((s) => ({ staffId: s.staffId ?? null, holds: s.holds })),
});

/**
 * What the Team Teach compliance audit needs: each incident as it stands (corrections applied),
 * what followed it, and every physical-intervention certificate of every member of staff. Follow-up
 * events carry the incident's school (the staff member's, for a certificate).
 */
export const teamTeachProjection = defineProjection<IncidentEvent | StaffEvent>()({
  name: TEAM_TEACH,
  version: 4,
  entities: [TeamTeachIncidentRow, TeamTeachNotification, TeamTeachDebrief, TeamTeachReview, TeamTeachCertificate],
  readable: [TeamTeachIncidentRow, TeamTeachNotification, TeamTeachDebrief, TeamTeachReview, TeamTeachCertificate],
  migrations: [TeamTeachTables1796139662620],
  handlers: {
    IncidentRecorded: (e, rows) => {
      const i = e.data;
      rows.of(TeamTeachIncidentRow).insert({
        incidentId: i.incidentId,
        schoolId: e.metadata.schoolId,
        trustId: e.metadata.trustId,
        pupilId: i.pupilId,
        occurredAt: new Date(i.occurredAt),
        recordedAt: new Date(e.recordedAt),
        ...staffColumns(i.staffInvolved),
        interventionType: i.interventionType,
      });
    },
    IncidentCorrected: {
      needs: (e, need) => need.key(TeamTeachIncidentRow, { incidentId: incidentIdOf(e.streamId) }),
      fold: (e, rows) => {
        const incidents = rows.of(TeamTeachIncidentRow);
        const key = { incidentId: incidentIdOf(e.streamId) };
        const c = e.data;
        if (c.field === 'occurredAt') incidents.update(key, { occurredAt: new Date(c.value) });
        if (c.field === 'staffInvolved') incidents.update(key, staffColumns(c.value));
        if (c.field === 'interventionType') incidents.update(key, { interventionType: c.value });
      },
    },
    ParentNotified: (e, rows) => {
      rows.of(TeamTeachNotification).insert({
        eventId: e.eventId,
        incidentId: incidentIdOf(e.streamId),
        schoolId: e.metadata.schoolId,
        notifiedAt: new Date(e.data.notifiedAt),
        exempted: false,
        exemptionReason: null,
        decidedAs: null,
      });
    },
    ParentNotificationExempted: (e, rows) => {
      rows.of(TeamTeachNotification).insert({
        eventId: e.eventId,
        incidentId: incidentIdOf(e.streamId),
        schoolId: e.metadata.schoolId,
        notifiedAt: null,
        exempted: true,
        exemptionReason: e.data.reason,
        decidedAs: e.data.decidedAs ?? null,
      });
    },
    DebriefHeld: (e, rows) => {
      rows.of(TeamTeachDebrief).insert({
        incidentId: incidentIdOf(e.streamId),
        debriefId: e.data.debriefId,
        schoolId: e.metadata.schoolId,
        kind: e.data.kind,
        heldAt: new Date(e.data.heldAt),
      });
    },
    IncidentReviewed: (e, rows) => {
      rows.of(TeamTeachReview).insert({
        eventId: e.eventId,
        incidentId: incidentIdOf(e.streamId),
        schoolId: e.metadata.schoolId,
        reviewedAt: new Date(e.metadata.occurredAt),
      });
    },
    TrainingCompleted: (e, rows) => {
      const c = e.data;
      if (!(PHYSICAL_INTERVENTION_COURSES as readonly string[]).includes(c.course)) return;
      rows.of(TeamTeachCertificate).insert({
        staffId: e.streamId.replace(/^staff-/, ''),
        completionId: c.completionId,
        schoolId: e.metadata.schoolId,
        course: c.course,
        completedOn: c.completedOn,
        expiresOn: c.expiresOn,
      });
    },
  },
});
