import { defineProjection, type HandlerWithNeeds, type RecordedOf } from '#lib/read-models';
import type { ConcernEvent } from '../domain/events.js';
import { ConcernListRow } from './concern-list.entities.js';
import { ConcernListTables1796144122574 } from './migrations/1796144122574-concern-list-tables.js';

export const CONCERN_LIST = 'concern-list';

const concernIdOf = (streamId: string) => streamId.replace(/^concern-/, '');

/**
 * A later event of a concern: its row gets the stream's version (If-Match) and what the event
 * changes of what the list shows. Events of a concern the list does not hold change nothing.
 */
function later<K extends Exclude<ConcernEvent['type'], 'ConcernRaised'>>(
  patch: (e: RecordedOf<ConcernEvent, K>, row: ConcernListRow) => Partial<ConcernListRow> = () => ({}),
): HandlerWithNeeds<RecordedOf<ConcernEvent, K>> {
  return {
    needs: (e, need) => need.key(ConcernListRow, { concernId: concernIdOf(e.streamId) }),
    fold: (e, rows) => {
      const table = rows.of(ConcernListRow);
      const key = { concernId: concernIdOf(e.streamId) };
      const row = table.get(key);
      if (row) table.update(key, { ...patch(e, row), version: e.streamVersion });
    },
  };
}

/**
 * Every concern with where it has got to, newest first per school, for `GET /api/concerns` and the
 * raiser's notices. Each row carries who raised it, the adult it is about and the role managing it,
 * so row-level security keeps the subject rule in SQL too (the adult never sees it unless they
 * raised it; a concern about an adult only its case manager and its raiser).
 */
export const concernListProjection = defineProjection<ConcernEvent>()({
  name: CONCERN_LIST,
  version: 1,
  entities: [ConcernListRow],
  readable: [ConcernListRow],
  migrations: [ConcernListTables1796144122574],
  handlers: {
    ConcernRaised: (e, rows) => {
      const c = e.data;
      // A concern is raised in a school (the handler refuses anyone else): without one it could not be read.
      if (e.metadata.schoolId === null) return;
      rows.of(ConcernListRow).insert({
        concernId: c.concernId,
        schoolId: e.metadata.schoolId,
        version: e.streamVersion,
        raisedAt: new Date(c.raisedAt),
        status: 'open',
        urgency: c.urgency,
        summary: c.summary,
        categories: c.categories,
        pupilIds: c.pupilIds,
        occurredAt: c.occurredAt,
        routedTo: c.routedTo,
        aboutAdult: c.aboutAdult,
        lowLevel: c.lowLevel,
        selfReport: c.selfReport ?? false,
        raisedBy: c.raisedBy,
        aboutStaffId: c.aboutAdult?.staffId ?? null,
        caseManager: c.aboutAdult === null ? null : c.routedTo,
        acknowledgedAt: null,
        riskLevel: null,
        decision: null,
        openActionIds: [],
        unansweredReferralIds: [],
        closedAt: null,
        ladoReferredAt: null,
        allegationOutcome: null,
      });
    },
    ConcernAcknowledged: later<'ConcernAcknowledged'>((e, row) => ({
      status: row.status === 'open' ? 'acknowledged' : row.status,
      acknowledgedAt: e.data.acknowledgedAt,
    })),
    ConcernTriaged: later<'ConcernTriaged'>((e) => ({ status: 'triaged', riskLevel: e.data.riskLevel, decision: e.data.decision })),
    ConcernActionAssigned: later<'ConcernActionAssigned'>((e, row) => ({ openActionIds: [...row.openActionIds, e.data.actionId] })),
    ConcernActionCompleted: later<'ConcernActionCompleted'>((e, row) => ({
      openActionIds: row.openActionIds.filter((id) => id !== e.data.actionId),
    })),
    ConcernAddendumAdded: later<'ConcernAddendumAdded'>(),
    ConcernClosed: later<'ConcernClosed'>((e) => ({ status: 'closed', closedAt: e.data.closedAt })),
    // Closing needs a triage, so a reopened concern stands triaged, its decision in force.
    ConcernReopened: later<'ConcernReopened'>(() => ({ status: 'triaged', closedAt: null })),
    ReferralMade: later<'ReferralMade'>((e, row) => ({ unansweredReferralIds: [...row.unansweredReferralIds, e.data.referralId] })),
    ReferralFollowedUp: later<'ReferralFollowedUp'>(),
    ReferralResponseRecorded: later<'ReferralResponseRecorded'>((e, row) => ({
      unansweredReferralIds: row.unansweredReferralIds.filter((id) => id !== e.data.referralId),
    })),
    InformationShared: later<'InformationShared'>(),
    LadoReferralRecorded: later<'LadoReferralRecorded'>((e) => ({ ladoReferredAt: e.data.referredAt })),
    AllegationOutcomeRecorded: later<'AllegationOutcomeRecorded'>((e) => ({ allegationOutcome: e.data.outcome })),
  },
});
