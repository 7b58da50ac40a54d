import { hasRole, type Actor, type Role } from '#lib/kernel';

/** Who reads a pupil's whole chronology: the safeguarding leads and the trust's auditors. */
export const CHRONOLOGY_READERS: Role[] = ['dsl', 'deputy_dsl', 'headteacher', 'trust_auditor'];

/** Concerns about adults (allegations, low-level concerns) route to the headteacher, and so do their lines. */
export function seesConcernsAboutAdults(actor: Actor): boolean {
  return hasRole(actor, 'headteacher');
}
