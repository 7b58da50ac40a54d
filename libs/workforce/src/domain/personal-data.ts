import { personalDataOf, subjectIn } from '#lib/kernel';
import type { WorkforceEvent } from './events.js';

/** A member of staff's name and email, encrypted with their own key. */
export const WORKFORCE_PERSONAL_DATA = personalDataOf<WorkforceEvent>({
  StaffMemberRegistered: { subject: (d) => subjectIn(d.staffId), paths: ['name', 'email'] },
  StaffMemberDetailsChanged: { paths: ['name'] },
  // Why someone left (a dismissal, an allegation's outcome) is about them.
  StaffMemberDeactivated: { subject: (d) => subjectIn(d.staffId), paths: ['reason'] },
});
