import type { Accounts } from '../../auth/src/accounts.js';
import { hasRole, type Actor } from '../../auth/src/actor.js';

/** Whether a record of `schoolId` is within the actor's reach: their own school, or for trust-level accounts a school of their trust. */
export async function isSchoolInReach(actor: Actor, schoolId: string | null, accounts: Accounts): Promise<boolean> {
  if (schoolId === null) return false;
  if (actor.schoolId !== null) return actor.schoolId === schoolId;
  if (!hasRole(actor, 'trust_auditor', 'trust_admin')) return false;
  return (await accounts.schoolsOfTrust(actor.trustId)).some((s) => s.id === schoolId);
}
