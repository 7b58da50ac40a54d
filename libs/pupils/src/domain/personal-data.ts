import { personalDataOf, subjectIn } from '#lib/kernel';
import type { PupilEvent } from './events.js';

/** A pupil's names, date of birth and UPN, encrypted with their own key. */
export const PUPIL_PERSONAL_DATA = personalDataOf<PupilEvent>({
  PupilRegistered: { subject: (d) => subjectIn(d.pupilId), paths: ['firstName', 'lastName', 'dateOfBirth', 'upn'] },
});
