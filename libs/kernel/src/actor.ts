import type { CaseManagerRole, StaffRole } from './roles.js';

export type Role = StaffRole;

/** Who is acting, taken from the verified token only (never from a request body). */
export interface Actor {
  staffId: string;
  name: string;
  roles: Role[];
  /** Null for trust-level accounts (auditor, admin, safeguarding lead). */
  schoolId: string | null;
  trustId: string;
  /** When the second factor was last given (ms since epoch), from the token. */
  mfaAt?: number;
}

export const SAFEGUARDING_LEADS: Role[] = ['dsl', 'deputy_dsl', 'headteacher'];

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function isSafeguardingLead(actor: Actor): boolean {
  return hasRole(actor, ...SAFEGUARDING_LEADS);
}

/** Trust auditors read everything and write nothing. */
export function isReadOnly(actor: Actor): boolean {
  return actor.roles.length > 0 && actor.roles.every((r) => r === 'trust_auditor');
}

/**
 * The case-manager roles whose records about adults the actor may read: their own case-manager
 * roles, and every one for a trust auditor (who reads everything of the trust, read-only).
 */
export function caseManagerRolesOf(actor: Pick<Actor, 'roles'>): CaseManagerRole[] {
  if (actor.roles.includes('trust_auditor')) return ['headteacher', 'trust_safeguarding_lead'];
  return (['headteacher', 'trust_safeguarding_lead'] as const).filter((r) => actor.roles.includes(r));
}
