import { hasRole, isSafeguardingLead, type Actor } from '#lib/kernel';
import type { Incident } from './domain/decider.js';

/** An incident with the school and trust it was recorded in (from its first event's metadata). */
export interface IncidentInScope {
  incident: Incident;
  schoolId: string | null;
  trustId: string | null;
}

function isInvolved(actor: Actor, incident: Incident): boolean {
  return incident.recordedBy === actor.staffId || incident.record.staffInvolved.some((s) => s.staffId === actor.staffId);
}

/**
 * Who may read an incident: the school's safeguarding leads, the staff who recorded it or were
 * involved, and the trust's auditors — and the safeguarding leads of a school that received the
 * pupil's child protection file (`receivedFile`), read-only. Anyone else is told it does not exist.
 */
export function canSeeIncident(actor: Actor, { incident, schoolId, trustId }: IncidentInScope, receivedFile = false): boolean {
  if (actor.schoolId === null) return hasRole(actor, 'trust_auditor') && trustId !== null && actor.trustId === trustId;
  if (actor.schoolId !== schoolId) return receivedFile && isSafeguardingLead(actor);
  return isSafeguardingLead(actor) || isInvolved(actor, incident);
}

/** Who may add to an incident (notification, debrief, correction): the same school staff, never a trust reader nor a receiving school. */
export function canAddToIncident(actor: Actor, scope: IncidentInScope): boolean {
  return actor.schoolId !== null && actor.schoolId === scope.schoolId && canSeeIncident(actor, scope);
}
