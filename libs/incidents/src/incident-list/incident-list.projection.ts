import { defineProjection, type HandlerWithNeeds, type Rows } from '#lib/read-models';
import type { RecordedEvent } from '#lib/event-store';
import type { IncidentEvent } from '../domain/events.js';
import type { StaffInvolvement } from '../domain/vocabulary.js';
import { IncidentListRow } from './incident-list.entities.js';
import { IncidentListTable1796144359395 } from './migrations/1796144359395-incident-list-table.js';

export const INCIDENT_LIST = 'incident-list';

const incidentIdOf = (streamId: string) => streamId.replace(/^incident-/, '');
const staffIdsOf = (staff: readonly StaffInvolvement[]) => staff.flatMap((s) => (s.staffId ? [s.staffId] : []));

/** A follow-up marks its part of the incident done (patch: from the event). */
function followUp<R extends RecordedEvent>(patch: (e: R) => Partial<IncidentListRow>): HandlerWithNeeds<R> {
  return {
    needs: (e, need) => need.key(IncidentListRow, { incidentId: incidentIdOf(e.streamId) }),
    fold: (e: R, rows: Rows) => void rows.of(IncidentListRow).update({ incidentId: incidentIdOf(e.streamId) }, patch(e)),
  };
}

/**
 * The school's incidents for GET /api/incidents: each as it stands (corrections applied, v1 events
 * read upcast by the store) with the statutory follow-ups done so far, and who recorded it or took
 * part (the list's access rule reads them).
 */
export const incidentListProjection = defineProjection<IncidentEvent>()({
  name: INCIDENT_LIST,
  version: 1,
  entities: [IncidentListRow],
  readable: [IncidentListRow],
  migrations: [IncidentListTable1796144359395],
  handlers: {
    IncidentRecorded: (e, rows) => {
      const i = e.data;
      rows.of(IncidentListRow).insert({
        incidentId: i.incidentId,
        schoolId: e.metadata.schoolId,
        trustId: e.metadata.trustId,
        pupilId: i.pupilId,
        occurredAt: new Date(i.occurredAt),
        recordedAt: i.recordedAt,
        location: i.location,
        interventionType: i.interventionType,
        recordedBy: i.recordedBy,
        staffIds: staffIdsOf(i.staffInvolved),
        parentToldOrExempted: false,
        pupilDebriefed: false,
        staffDebriefed: false,
        reviewed: false,
      });
    },
    IncidentCorrected: followUp((e) => {
      const c = e.data;
      switch (c.field) {
        case 'occurredAt':
          return { occurredAt: new Date(c.value) };
        case 'location':
          return { location: c.value };
        case 'interventionType':
          return { interventionType: c.value };
        case 'staffInvolved':
          return { staffIds: staffIdsOf(c.value) };
        default:
          return {};
      }
    }),
    ParentNotified: followUp(() => ({ parentToldOrExempted: true })),
    ParentNotificationExempted: followUp(() => ({ parentToldOrExempted: true })),
    DebriefHeld: followUp((e) => (e.data.kind === 'pupil' ? { pupilDebriefed: true } : { staffDebriefed: true })),
    IncidentReviewed: followUp(() => ({ reviewed: true })),
  },
});
