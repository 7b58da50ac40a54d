import { hasRole, type Actor } from '#lib/kernel';
import type { Accounts } from '#lib/auth';

/** Where a member of staff works, as far as access rules need to know. */
export interface StaffInScope {
  staffId: string;
  schoolId: string;
}

/**
 * The schools a trust-level account reaches (its trust's); none for school staff, who reach only
 * their own school through the token.
 */
export async function trustSchoolsOf(actor: Actor, accounts: Accounts): Promise<string[]> {
  if (actor.schoolId !== null || !hasRole(actor, 'trust_auditor', 'trust_admin')) return [];
  return (await accounts.schoolsOfTrust(actor.trustId)).map((s) => s.id);
}

/** Any member of staff of the school sees colleagues; trust auditors and admins see every school of their trust. */
export function canSeeStaff(actor: Actor, staff: StaffInScope, trustSchools: readonly string[]): boolean {
  if (actor.schoolId !== null) return actor.schoolId === staff.schoolId;
  return hasRole(actor, 'trust_auditor', 'trust_admin') && trustSchools.includes(staff.schoolId);
}

/**
 * Who may record a training completion: the person themselves, the school's DSL or headteacher
 * (who keep the single central record), or a trust admin of the trust. Someone who can see the
 * staff member but is none of these is refused (403); anyone else is told it does not exist.
 */
export function trainingRecorderAccess(
  actor: Actor,
  staff: StaffInScope,
  trustSchools: readonly string[],
): 'allowed' | 'forbidden' | 'hidden' {
  if (!canSeeStaff(actor, staff, trustSchools)) return 'hidden';
  if (actor.staffId === staff.staffId) return 'allowed';
  if (actor.schoolId !== null) return hasRole(actor, 'dsl', 'headteacher') ? 'allowed' : 'forbidden';
  return hasRole(actor, 'trust_admin') ? 'allowed' : 'forbidden';
}
