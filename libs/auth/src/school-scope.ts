import { notFound } from '#lib/core';
import { hasRole, type Actor } from '#lib/kernel';
import type { Accounts } from './accounts.js';

/**
 * The school a request acts in: the token's school, or for trust-level readers one school of their
 * trust chosen with `?schoolId=`. Another trust's school is "not found", never "forbidden".
 */
export async function schoolInScope(actor: Actor, requested: string | undefined, accounts: Accounts): Promise<string> {
  if (actor.schoolId) {
    if (requested && requested !== actor.schoolId) throw notFound('school');
    return actor.schoolId;
  }
  if (!hasRole(actor, 'trust_auditor', 'trust_admin')) throw notFound('school');
  const schools = await accounts.schoolsOfTrust(actor.trustId);
  const chosen = requested ?? schools[0]?.id;
  if (!chosen || !schools.some((s) => s.id === chosen)) throw notFound('school');
  return chosen;
}

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

/**
 * Whether a school belongs to the actor's trust: for the trust's safeguarding lead, who reads only the
 * concerns they manage (about a headteacher), in any school of the trust — never a school's other records.
 */
export async function isSchoolOfActorsTrust(actor: Actor, schoolId: string | null, accounts: Accounts): Promise<boolean> {
  if (schoolId === null || actor.schoolId !== null) return false;
  return (await accounts.schoolsOfTrust(actor.trustId)).some((s) => s.id === schoolId);
}
