import { personalDataOf, subjectIn } from '#lib/kernel';
import type { DslEntryRecorded } from './dsl-record.js';
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
  ConcernClosed: { paths: ['outcome', 'rationale', 'override.reason'] },
  LadoReferralRecorded: { paths: ['officer', 'reference', 'advice'] },
  AllegationOutcomeRecorded: { paths: ['rationale'] },
  ConcernReopened: { paths: ['reason'] },
  // An agency's reference and the social worker's name and number identify the child's case.
  ReferralMade: { paths: ['reference', 'contact'] },
  ReferralFollowedUp: { paths: ['note'] },
  ReferralResponseRecorded: { paths: ['note'] },
  InformationShared: { paths: ['what', 'sharedWith', 'rationale'] },
});

/** The DSL's own chronology entries, encrypted with the pupil's key. */
export const DSL_RECORD_PERSONAL_DATA = personalDataOf<DslEntryRecorded>({
  DslEntryRecorded: { subject: (d) => subjectIn(d.pupilId), paths: ['summary', 'details'] },
});
