import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#lib/core';
import type { Actor } from '#lib/kernel';
import { EncryptingEventStore } from '#lib/privacy';
import { incidentDecider, type Incident, type IncidentState } from './domain/decider.js';
import type { IncidentEvent } from './domain/events.js';
import { upcastIncidentEvent } from './domain/upcasters.js';
import { canSeeIncident } from './incident-access.js';

/** What is still to do after a restraint is recorded: the statutory follow-ups, each until it is done. */
export const INCIDENT_FOLLOW_UPS = ['parent_notification', 'pupil_debrief', 'staff_debrief', 'review'] as const;
export type IncidentFollowUp = (typeof INCIDENT_FOLLOW_UPS)[number];

export const INCIDENT_FOLLOW_UP_LABELS: Record<IncidentFollowUp, string> = {
  parent_notification: 'Tell the parent or carer',
  pupil_debrief: 'Debrief the pupil',
  staff_debrief: 'Debrief the staff involved',
  review: 'Senior review',
};

export function outstandingFollowUps(incident: Incident): IncidentFollowUp[] {
  const done: Record<IncidentFollowUp, boolean> = {
    parent_notification: incident.parentNotifications.length + incident.parentNotificationExemptions.length > 0,
    pupil_debrief: incident.debriefs.some((d) => d.kind === 'pupil'),
    staff_debrief: incident.debriefs.some((d) => d.kind === 'staff'),
    review: incident.reviews.length > 0,
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

/**
 * The incidents of a school the caller may read (canSeeIncident: leads all, other staff those they
 * recorded or took part in, the trust's auditors all), newest first. Folds the incident streams from
 * the events table with the decider, as ConcernList does, until incidents have a read model.
 */
@Injectable()
export class IncidentList {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly personalData: EncryptingEventStore,
  ) {}

  async visibleTo(actor: Actor, schoolId: string, trustId: string): Promise<IncidentListItem[]> {
    const { rows: stored } = await this.pool.query<{
      eventId: string;
      stream_id: string;
      type: IncidentEvent['type'];
      schema_version: number;
      data: never;
    }>(
      `SELECT event_id::text AS "eventId", stream_id, type, schema_version, data FROM events
        WHERE stream_id IN (SELECT stream_id FROM events WHERE type = 'IncidentRecorded' AND metadata->>'schoolId' = $1)
        ORDER BY stream_id, stream_version`,
      [schoolId],
    );
    const rows = await this.personalData.open(stored);
    const streams = new Map<string, IncidentState>();
    for (const row of rows) {
      // Straight from the table, so read through the upcasters as the store's reads are.
      const event = { type: row.type, ...upcastIncidentEvent(row.type, row.schema_version, row.data) } as IncidentEvent;
      streams.set(row.stream_id, incidentDecider.evolve(streams.get(row.stream_id) ?? incidentDecider.initialState, event));
    }
    return [...streams.values()]
      .filter((i): i is Incident => i !== null && canSeeIncident(actor, { incident: i, schoolId, trustId }))
      .map((i) => ({
        id: i.incidentId,
        pupilId: i.record.pupilId,
        occurredAt: i.record.occurredAt,
        recordedAt: i.recordedAt,
        location: i.record.location,
        interventionType: i.record.interventionType,
        recordedBy: i.recordedBy,
        involvesMe: i.recordedBy === actor.staffId || i.record.staffInvolved.some((s) => s.staffId === actor.staffId),
        outstanding: outstandingFollowUps(i),
      }))
      .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  }
}
