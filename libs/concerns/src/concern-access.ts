import { hasRole, type Actor } from '#lib/kernel';
import type { Concern } from './domain/decider.js';

/**
 * How much of a concern someone may see:
 * - `lead`: the school's DSL or deputy DSL (not concerns about adults) or the headteacher — everything, and may act on it;
 * - `auditor`: a trust auditor of the school's trust — everything, read-only;
 * - `raiser`: the staff member who raised it — its status, their own account and their own addenda;
 * - `none`: not found, as far as they can tell.
 */
export type ConcernAccess = 'lead' | 'auditor' | 'raiser' | 'none';

/** Where the concern was recorded, and whether that school is in the actor's trust (for trust-level accounts). */
export interface ConcernPlace {
  schoolId: string | null;
  inActorsTrust: boolean;
}

export function concernAccess(actor: Actor, concern: Concern, place: ConcernPlace): ConcernAccess {
  if (actor.schoolId === null) return hasRole(actor, 'trust_auditor') && place.inActorsTrust ? 'auditor' : 'none';
  if (actor.schoolId !== place.schoolId) return 'none';
  const raiser = concern.raisedBy === actor.staffId;
  // The adult a concern is about never reads it, whatever their role (KCSIE part four).
  if (concern.aboutAdult?.staffId === actor.staffId) return raiser ? 'raiser' : 'none';
  if (hasRole(actor, 'headteacher')) return 'lead';
  // Concerns about adults are routed to the headteacher alone: the DSL may be the adult concerned.
  if (hasRole(actor, 'dsl', 'deputy_dsl') && concern.routedTo === 'dsl') return 'lead';
  return raiser ? 'raiser' : 'none';
}

export const canRead = (access: ConcernAccess): boolean => access !== 'none';

/** Acknowledge, triage, actions and closure. */
export const canHandle = (access: ConcernAccess): boolean => access === 'lead';

export const canAddAddendum = (access: ConcernAccess): boolean => access === 'lead' || access === 'raiser';
