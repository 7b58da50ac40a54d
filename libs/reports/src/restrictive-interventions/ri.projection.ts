import type { IncidentEvent, Injury, StaffInvolvement } from '#lib/incidents';
import { type PupilEvent, readVulnerability } from '#lib/pupils';
import { defineProjection } from '#lib/read-models';
import { RiIncident, RiPupil, RiPupilStatus } from './ri.entities.js';
import { RestrictiveInterventionsTables1796139694969 } from './migrations/1796139694969-restrictive-interventions-tables.js';
import { reportsInjury } from './ri.types.js';

export const RESTRICTIVE_INTERVENTIONS = 'restrictive-interventions';

const incidentIdOf = (streamId: string) => streamId.replace(/^incident-/, '');
const pupilIdOf = (streamId: string) => streamId.replace(/^pupil-/, '');

/** The registered staff involved (named agency staff and volunteers have no id to count by). */
const registeredStaff = (staff: readonly StaffInvolvement[]) => staff.flatMap((s) => (s.staffId ? [s.staffId] : []));

/** Injured, from the structured injuries, or for a v1 record its free-text field. */
const injured = (injuries: readonly Injury[], person: Injury['person'], v1Text?: string) =>
  injuries.some((j) => j.person === person) || (v1Text !== undefined && reportsInjury(v1Text));

/**
 * What the restrictive-interventions report counts: each incident as it stands, each pupil's year
 * group, and every vulnerability record of every pupil with the instant it took effect, so each
 * incident is counted under the child's status as it stood when it happened.
 */
export const restrictiveInterventionsProjection = defineProjection<IncidentEvent | PupilEvent>()({
  name: RESTRICTIVE_INTERVENTIONS,
  version: 1,
  entities: [RiIncident, RiPupil, RiPupilStatus],
  readable: [RiIncident, RiPupil, RiPupilStatus],
  migrations: [RestrictiveInterventionsTables1796139694969],
  handlers: {
    IncidentRecorded: (e, rows) => {
      const i = e.data;
      rows.of(RiIncident).insert({
        incidentId: i.incidentId,
        schoolId: e.metadata.schoolId,
        pupilId: i.pupilId,
        occurredAt: new Date(i.occurredAt),
        endedAt: new Date(i.endedAt),
        forceType: i.interventionType,
        staffIds: registeredStaff(i.staffInvolved),
        sen: i.pupilSen.sen,
        ehcp: i.pupilSen.ehcp,
        pupilInjured: injured(i.injuries, 'pupil', i.pupilInjury),
        staffInjured: injured(i.injuries, 'staff', i.staffInjury),
      });
    },
    IncidentCorrected: {
      needs: (e, need) => need.key(RiIncident, { incidentId: incidentIdOf(e.streamId) }),
      fold: (e, rows) => {
        const incidents = rows.of(RiIncident);
        const key = { incidentId: incidentIdOf(e.streamId) };
        const c = e.data;
        if (c.field === 'occurredAt') incidents.update(key, { occurredAt: new Date(c.value) });
        if (c.field === 'endedAt') incidents.update(key, { endedAt: new Date(c.value) });
        if (c.field === 'interventionType') incidents.update(key, { forceType: c.value });
        if (c.field === 'staffInvolved') incidents.update(key, { staffIds: registeredStaff(c.value) });
        if (c.field === 'injuries')
          incidents.update(key, { pupilInjured: injured(c.value, 'pupil'), staffInjured: injured(c.value, 'staff') });
        if (c.field === 'pupilInjury') incidents.update(key, { pupilInjured: reportsInjury(c.value) });
        if (c.field === 'staffInjury') incidents.update(key, { staffInjured: reportsInjury(c.value) });
      },
    },
    PupilRegistered: (e, rows) => {
      rows.of(RiPupil).insert({ pupilId: e.data.pupilId, schoolId: e.data.schoolId, yearGroup: e.data.yearGroup });
    },
    // An import from the MIS may move the pupil to another year group: the report counts the current one.
    PupilDetailsChanged: {
      needs: (e, need) => need.key(RiPupil, { pupilId: pupilIdOf(e.streamId) }),
      fold: (e, rows) => void rows.of(RiPupil).update({ pupilId: pupilIdOf(e.streamId) }, { yearGroup: e.data.yearGroup }),
    },
    PupilVulnerabilityRecorded: (e, rows) => {
      const v = readVulnerability(e.data);
      rows.of(RiPupilStatus).insert({
        eventId: e.eventId,
        pupilId: pupilIdOf(e.streamId),
        schoolId: e.metadata.schoolId,
        effectiveAt: new Date(e.data.changedAt),
        position: e.globalPosition,
        lookedAfter: v?.lookedAfter ?? null,
        previouslyLookedAfter: v?.previouslyLookedAfter ?? null,
        childProtectionPlan: v?.childProtectionPlan ?? null,
        childInNeed: v?.childInNeed ?? null,
        disability: v?.disability ?? null,
        sex: v?.sex ?? null,
      });
    },
  },
});
