import { personalDataOf, subjectIn } from '#lib/kernel';
import type { IncidentEvent } from './events.js';

/** Incident fields that hold narrative or names (a correction of one of them is encrypted too). */
export const NARRATIVE_INCIDENT_FIELDS = ['location', 'antecedents', 'pupilInjury', 'staffInjury', 'aftercare', 'witnesses'] as const;
const LIST_INCIDENT_FIELDS: readonly string[] = ['witnesses'];
const narrative = (field: string) => (NARRATIVE_INCIDENT_FIELDS as readonly string[]).includes(field);

/** The narrative and names in incident events, encrypted with the pupil's key. */
export const INCIDENT_PERSONAL_DATA = personalDataOf<IncidentEvent>({
  IncidentRecorded: {
    subject: (d) => subjectIn(d.pupilId),
    paths: [
      'location',
      'antecedents',
      'pupilInjury',
      'staffInjury',
      'aftercare',
      'witnesses[]',
      // A named agency worker or volunteer, their role and justification; an injury's description.
      'staffInvolved[].name',
      'staffInvolved[].roleDescription',
      'staffInvolved[].justification',
      'injuries[].description',
    ],
  },
  IncidentCorrected: {
    paths: (d) => {
      if (d.field === 'staffInvolved') return ['reason', 'value[].name', 'value[].roleDescription', 'value[].justification'];
      if (d.field === 'injuries') return ['reason', 'value[].description'];
      return narrative(d.field) ? ['reason', LIST_INCIDENT_FIELDS.includes(d.field) ? 'value[]' : 'value'] : ['reason'];
    },
  },
  ParentNotified: { paths: ['notifiedBy', 'parentName', 'summaryShared'] },
  ParentNotificationExempted: { paths: ['reason'] },
  DebriefHeld: { paths: ['notes'] },
  IncidentReviewed: { paths: ['notes'] },
});
