import { personalDataOf, subjectIn } from '#lib/kernel';
import type { PupilEvent } from './events.js';

/** A pupil's names, date of birth, UPN, vulnerability and behaviour plans, encrypted with their own key. */
export const PUPIL_PERSONAL_DATA = personalDataOf<PupilEvent>({
  PupilRegistered: { subject: (d) => subjectIn(d.pupilId), paths: ['firstName', 'lastName', 'dateOfBirth', 'upn'] },
  // Special category data (health, ethnicity) and children's social care status: every field, under the pupil's key.
  PupilVulnerabilityRecorded: {
    paths: ['lookedAfter', 'previouslyLookedAfter', 'childProtectionPlan', 'childInNeed', 'disability', 'sex', 'ethnicity'],
  },
  PupilDetailsChanged: { paths: ['firstName', 'lastName', 'dateOfBirth'] },
  BehaviourPlanRecorded: { paths: ['summary'] },
  BehaviourPlanReviewed: { paths: ['notes'] },
});
