import type { RecordedEvent } from '#lib/event-store';
import { currentTriage, type Concern } from './domain/decider.js';
import { toIso } from '#lib/kernel';
import type { ConcernAccess } from './concern-access.js';
import type { ConcernListRow } from './concern-list/concern-list.entities.js';

export interface PupilName {
  id: string;
  fullName: string | null;
}

export interface HistoryEntry {
  type: string;
  occurredAt: string;
  recordedAt: string;
  actorId: string;
  data: unknown;
}

/*
 * What the raiser sees of their own concern: its status, the account they gave, their own addenda,
 * and when it was acknowledged, triaged or closed — never the DSL's risk level, decision,
 * rationale, actions, closure outcome or other people's addenda, which may hold what the family
 * or other agencies told the DSL.
 */
const RAISER_STATUS_EVENTS = new Set(['ConcernAcknowledged', 'ConcernTriaged', 'ConcernClosed', 'ConcernReopened']);

function entry(e: RecordedEvent, data: unknown = e.data): HistoryEntry {
  return { type: e.type, occurredAt: e.metadata.occurredAt, recordedAt: e.recordedAt, actorId: e.metadata.actorId, data };
}

function history(access: ConcernAccess, events: RecordedEvent[], actorId: string): HistoryEntry[] {
  if (access !== 'raiser') return events.map((e) => entry(e));
  return events.flatMap((e) => {
    if (e.type === 'ConcernRaised') return [entry(e)];
    if (e.type === 'ConcernAddendumAdded' && e.metadata.actorId === actorId) return [entry(e)];
    if (RAISER_STATUS_EVENTS.has(e.type)) return [entry(e, {})];
    return [];
  });
}

function account(concern: Concern) {
  return {
    id: concern.concernId,
    status: concern.status,
    pupilIds: concern.pupilIds,
    categories: concern.categories,
    categoryLabels: concern.categoryLabels ?? null,
    summary: concern.summary,
    details: concern.details,
    occurredAt: concern.occurredAt,
    urgency: concern.urgency,
    informedDslVerbally: concern.informedDslVerbally,
    aboutAdult: concern.aboutAdult,
    lowLevel: concern.lowLevel,
    selfReport: concern.selfReport,
    bodyMap: concern.bodyMap,
    routedTo: concern.routedTo,
    raisedBy: concern.raisedBy,
    raisedAt: concern.raisedAt,
  };
}

/** `GET /api/concerns/:id`: the folded state and its history, cut to what the access allows. */
export function concernDetail(
  access: Exclude<ConcernAccess, 'none'>,
  input: { concern: Concern; version: number; events: RecordedEvent[]; schoolId: string | null; pupils: PupilName[]; actorId: string },
) {
  const { concern, version, events, schoolId, pupils, actorId } = input;
  const common = { ...account(concern), schoolId, version, pupils, events: history(access, events, actorId) };
  if (access === 'raiser') {
    return { ...common, addenda: concern.addenda.filter((a) => a.addedBy === actorId) };
  }
  return {
    ...common,
    acknowledgement: concern.acknowledgement,
    triages: concern.triages,
    currentTriage: currentTriage(concern) ?? null,
    actions: concern.actions,
    addenda: concern.addenda,
    closure: concern.closure,
    reopenings: concern.reopenings,
    referrals: concern.referrals,
    informationSharing: concern.informationSharing,
    ladoReferral: concern.ladoReferral,
    allegationOutcome: concern.allegationOutcome,
  };
}

/** One row of `GET /api/concerns`: the raiser sees their own summary and where their concern has got to. */
export function concernListItem(access: Exclude<ConcernAccess, 'none'>, row: ConcernListRow, pupils: PupilName[]) {
  const status = { id: row.concernId, status: row.status, urgency: row.urgency, raisedAt: toIso(row.raisedAt) };
  // Their own account (what they wrote, about whom), so "My concerns" names each one; nothing the DSL added.
  if (access === 'raiser') return { ...status, summary: row.summary, pupils };
  return {
    ...status,
    version: row.version,
    summary: row.summary,
    categories: row.categories,
    pupils,
    occurredAt: row.occurredAt,
    routedTo: row.routedTo,
    aboutAdult: row.aboutAdult,
    lowLevel: row.lowLevel,
    selfReport: row.selfReport,
    raisedBy: row.raisedBy,
    ladoReferredAt: row.ladoReferredAt,
    allegationOutcome: row.allegationOutcome,
    acknowledgedAt: row.acknowledgedAt,
    riskLevel: row.riskLevel,
    decision: row.decision,
    openActions: row.openActionIds.length,
    unansweredReferrals: row.unansweredReferralIds.length,
    closedAt: row.closedAt,
  };
}
