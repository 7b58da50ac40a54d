import { personalDataOf, subjectIn } from '#lib/kernel';
import type { ConcernEvent } from './events.js';

/** The narrative and names in concern events, encrypted with the first pupil's key. */
export const CONCERN_PERSONAL_DATA = personalDataOf<ConcernEvent>({
  // A concern about an adult that names no pupil is keyed to its own stream.
  ConcernRaised: {
    subject: (d) => subjectIn(d.pupilIds),
    paths: ['summary', 'details', 'bodyMap[].note', 'aboutAdult.name', 'aboutAdult.roleDescription'],
  },
  ConcernTriaged: { paths: ['rationale'] },
  ConcernActionAssigned: { paths: ['description'] },
  ConcernActionCompleted: { paths: ['note'] },
  ConcernAddendumAdded: { paths: ['text'] },
  ConcernClosed: { paths: ['outcome', 'rationale'] },
  LadoReferralRecorded: { paths: ['officer', 'reference', 'advice'] },
  AllegationOutcomeRecorded: { paths: ['rationale'] },
});
