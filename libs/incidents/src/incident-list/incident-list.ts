import { Injectable } from '@nestjs/common';
import { decodeCursor, DEFAULT_PAGE_SIZE, type Page, pageOf } from '#lib/core';
import { type Actor, isSafeguardingLead } from '#lib/kernel';
import { readerOf, ReadModels } from '#lib/read-models';
import { IncidentListRow } from './incident-list.entities.js';
import { INCIDENT_LIST } from './incident-list.projection.js';

/** What is still to do after a restraint is recorded: the statutory follow-ups, each until it is done. */
export const INCIDENT_FOLLOW_UPS = ['parent_notification', 'pupil_debrief', 'staff_debrief', 'review'] as const;
export type IncidentFollowUp = (typeof INCIDENT_FOLLOW_UPS)[number];

export const INCIDENT_FOLLOW_UP_LABELS: Record<IncidentFollowUp, string> = {
  parent_notification: 'Tell the parent or carer',
  pupil_debrief: 'Debrief the pupil',
  staff_debrief: 'Debrief the staff involved',
  review: 'Senior review',
};

function outstandingFollowUps(row: IncidentListRow): IncidentFollowUp[] {
  const done: Record<IncidentFollowUp, boolean> = {
    parent_notification: row.parentToldOrExempted,
    pupil_debrief: row.pupilDebriefed,
    staff_debrief: row.staffDebriefed,
    review: row.reviewed,
  };
  return INCIDENT_FOLLOW_UPS.filter((f) => !done[f]);
}

export interface IncidentListItem {
  id: string;
  pupilId: string;
  occurredAt: string;
  recordedAt: string;
  location: string;
  interventionType: string;
  recordedBy: string;
  /** The caller recorded it or was one of the staff involved. */
  involvesMe: boolean;
  outstanding: IncidentFollowUp[];
}

export interface IncidentListQuery {
  /** Only those the caller recorded or took part in. */
  mine: boolean;
  cursor?: string;
  limit?: number;
}

/**
 * A page of the incidents of a school the caller may read, newest first (by when it happened, then
 * id), from the incident-list read model. The access rule is canSeeIncident's, as SQL: leads see the
 * school's, the trust's auditors their trust's, other staff those they recorded or took part in;
 * row-level security keeps the read to the school whatever the query says.
 */
@Injectable()
export class IncidentList {
  constructor(private readonly readModels: ReadModels) {}

  async page(actor: Actor, schoolId: string, query: IncidentListQuery): Promise<Page<IncidentListItem>> {
    const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | null;
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // A school's staff read their own school only (canSeeIncident: another school's incidents do not exist for them).
    if (actor.schoolId !== null && actor.schoolId !== schoolId) return { items: [], next: null };
    // Read-your-writes: whoever just recorded an incident (or a follow-up) finds it here. The wait is
    // for the projection to apply what the store held when the request came, usually milliseconds.
    await this.readModels.caughtUp(INCIDENT_LIST);
    const everyone = actor.schoolId === null || isSafeguardingLead(actor);
    const rows = await this.readModels.read(
      INCIDENT_LIST,
      { schoolIds: [schoolId], trustId: actor.trustId, reader: readerOf(actor) },
      (db) => {
        const q = db.createQueryBuilder(IncidentListRow, 'i').where('i.schoolId = :schoolId', { schoolId });
        if (actor.schoolId === null) q.andWhere('i.trustId = :trustId', { trustId: actor.trustId });
        if (!everyone || query.mine) q.andWhere('(i.recordedBy = :me OR :me = ANY (i.staffIds))', { me: actor.staffId });
        if (after) {
          q.andWhere('(i.occurredAt < :occurredAt OR (i.occurredAt = :occurredAt AND i.incidentId < :id))', {
            occurredAt: new Date(after[0]),
            id: after[1],
          });
        }
        return q
          .orderBy('i.occurredAt', 'DESC')
          .addOrderBy('i.incidentId', 'DESC')
          .limit(limit + 1)
          .getMany();
      },
    );
    const page = pageOf(rows, limit, (r) => [r.occurredAt.toISOString(), r.incidentId]);
    return {
      next: page.next,
      items: page.items.map((r) => ({
        id: r.incidentId,
        pupilId: r.pupilId,
        occurredAt: r.occurredAt.toISOString(),
        recordedAt: r.recordedAt,
        location: r.location,
        interventionType: r.interventionType,
        recordedBy: r.recordedBy,
        involvesMe: r.recordedBy === actor.staffId || r.staffIds.includes(actor.staffId),
        outstanding: outstandingFollowUps(r),
      })),
    };
  }
}
