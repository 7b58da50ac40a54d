import type { Accounts } from '../../../auth/src/accounts.js';
import { hasRole, type Actor } from '../../../auth/src/actor.js';
import { schoolInScope } from '../../../auth/src/school-scope.js';

/**
 * The schools a trust-wide report covers: `?schoolId=` narrows it to one school in scope; without
 * it a trust auditor or admin gets every school of their trust, anyone else their own school.
 */
export async function schoolsInScope(actor: Actor, requested: string | undefined, accounts: Accounts): Promise<string[]> {
  if (requested !== undefined || actor.schoolId !== null) return [await schoolInScope(actor, requested, accounts)];
  if (!hasRole(actor, 'trust_auditor', 'trust_admin')) return [];
  return (await accounts.schoolsOfTrust(actor.trustId)).map((s) => s.id);
}

/** Whether a record of `schoolId` is within reach: the actor's own school, or a school of their trust for trust-level readers. */
export async function isSchoolInReach(actor: Actor, schoolId: string | null, accounts: Accounts): Promise<boolean> {
  if (schoolId === null) return false;
  if (actor.schoolId !== null) return actor.schoolId === schoolId;
  if (!hasRole(actor, 'trust_auditor', 'trust_admin')) return false;
  return (await accounts.schoolsOfTrust(actor.trustId)).some((s) => s.id === schoolId);
}
