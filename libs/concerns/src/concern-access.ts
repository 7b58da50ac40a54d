import { hasRole, type Actor } from '#lib/kernel';
import type { Concern } from './domain/decider.js';

/**
 * How much of a concern someone may see — the one place this is decided for a concern itself (its
 * rows in read models carry the same rule as row-level security, see ReadScope.reader):
 * - `lead`: the school's DSL, deputy DSL or headteacher, for a concern about pupils — everything, and may act on it;
 * - `case_manager`: for a concern about an adult (KCSIE part four), the headteacher, or the trust's
 *   safeguarding lead when the headteacher is the adult — everything, who raised it included, and may act on it;
 * - `auditor`: a trust auditor of the school's trust — everything, read-only;
 * - `received`: a safeguarding lead of a school that received the child protection file of a pupil it
 *   is about (a concern about pupils only: one about an adult stays with the school that employs
 *   them) — everything, read-only;
 * - `raiser`: the staff member who raised it — its status, their own account and their own addenda;
 * - `none`: not found, as far as they can tell. Always so for the adult a concern is about (unless
 *   they raised it themself), whatever their role.
 */
export type ConcernAccess = 'lead' | 'case_manager' | 'auditor' | 'received' | 'raiser' | 'none';

/** What the rule needs of a concern: who it is about, who handles it, who raised it. */
export type ConcernParties = Pick<Concern, 'aboutAdult' | 'routedTo' | 'raisedBy'>;

/** Where the concern was recorded, and whether that school is in the trust of a trust-level actor. */
export interface ConcernPlace {
  schoolId: string | null;
  inActorsTrust: boolean;
  /** The actor's school received the child protection file of a pupil the concern is about. */
  receivedFile?: boolean;
}

export function concernAccess(actor: Actor, concern: ConcernParties, place: ConcernPlace): ConcernAccess {
  const raiser = concern.raisedBy === actor.staffId;
  // The adult a concern is about never learns of it (a self-report aside: they raised it).
  if (concern.aboutAdult?.staffId === actor.staffId) return raiser ? 'raiser' : 'none';
  if (actor.schoolId === null) {
    if (!place.inActorsTrust) return 'none';
    if (hasRole(actor, 'trust_auditor')) return 'auditor';
    if (hasRole(actor, 'trust_safeguarding_lead') && concern.routedTo === 'trust_safeguarding_lead') return 'case_manager';
    return 'none';
  }
  if (actor.schoolId !== place.schoolId)
    return place.receivedFile && concern.aboutAdult === null && hasRole(actor, 'dsl', 'deputy_dsl', 'headteacher') ? 'received' : 'none';
  if (concern.aboutAdult !== null) {
    // A DSL or deputy may be the adult concerned, or close to them: only the case manager handles it.
    if (concern.routedTo === 'headteacher' && hasRole(actor, 'headteacher')) return 'case_manager';
    return raiser ? 'raiser' : 'none';
  }
  if (hasRole(actor, 'dsl', 'deputy_dsl', 'headteacher')) return 'lead';
  return raiser ? 'raiser' : 'none';
}

export const canRead = (access: ConcernAccess): boolean => access !== 'none';

/** Acknowledge, triage, actions and closure. */
export const canHandle = (access: ConcernAccess): boolean => access === 'lead' || access === 'case_manager';

/** The LADO referral and the outcome of an allegation: the case manager's alone. */
export const canManageCase = (access: ConcernAccess): boolean => access === 'case_manager';

export const canAddAddendum = (access: ConcernAccess): boolean => canHandle(access) || access === 'raiser';
