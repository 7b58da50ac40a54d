import type pg from 'pg';
import { alertStream } from '#lib/alerts';
import { type Actor, caseManagerRolesOf, toIso } from '#lib/kernel';

export interface AuditEvent {
  globalPosition: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  /** Who did it, by name (their account), so a history never lists people as ids. */
  actorName: string | null;
  recordedAt: string;
  hash: string;
  previousHash: string | null;
}

export interface AuditEventsQuery {
  stream?: string;
  /** Exclusive: events after this global position. */
  fromPosition: string;
  limit: number;
  /** Only events by this person (metadata.actorId). */
  actorId?: string;
  /** Only events recorded on or after / on or before these dates (YYYY-MM-DD, Europe/London). */
  from?: string;
  to?: string;
}

/**
 * The stored history exactly as written (no upcasting), in global position order. A trust auditor
 * reads their trust's events; a school lead their school's. The subject rule holds here as on every
 * route: the streams of a concern whose adult is the reader, of a concern about an adult the reader
 * does not manage (and the views of either), and of alerts the reader's inbox would not show
 * (`visibleAlerts`), are left out.
 */
export async function auditEvents(
  pool: pg.Pool,
  actor: Actor,
  q: AuditEventsQuery,
  visibleAlerts: (alertIds: string[]) => Promise<Set<string>>,
): Promise<{ events: AuditEvent[]; next: string | null }> {
  const trustWide = actor.schoolId === null;
  const { rows } = await pool.query<{
    global_position: string;
    stream_id: string;
    stream_version: number;
    event_id: string;
    type: string;
    schema_version: number;
    data: unknown;
    metadata: unknown;
    recorded_at: Date;
    actor_name: string | null;
    hash: string;
    previous_hash: string | null;
  }>(
    `WITH hidden AS (
       SELECT stream_id FROM events
        WHERE type = 'ConcernRaised'
          AND (CASE WHEN $3 THEN metadata->>'trustId' ELSE metadata->>'schoolId' END) = $4
          AND (data->'aboutAdult'->>'staffId' = $5
               OR (jsonb_typeof(data->'aboutAdult') = 'object' AND NOT (data->>'routedTo' = ANY ($6::text[]))))
     )
     SELECT global_position::text, stream_id, stream_version, event_id::text, type, schema_version, data, metadata, recorded_at,
            (SELECT a.name FROM accounts a WHERE a.staff_id::text = events.metadata->>'actorId') AS actor_name, hash, previous_hash
       FROM events
      WHERE events.global_position > $1::bigint
        AND ($8::text IS NULL OR metadata->>'actorId' = $8)
        AND ($9::date IS NULL OR (recorded_at AT TIME ZONE 'Europe/London')::date >= $9::date)
        AND ($10::date IS NULL OR (recorded_at AT TIME ZONE 'Europe/London')::date <= $10::date)
        AND ($2::text IS NULL OR stream_id = $2)
        AND (CASE WHEN $3 THEN metadata->>'trustId' ELSE metadata->>'schoolId' END) = $4
        AND stream_id NOT IN (SELECT stream_id FROM hidden)
        AND stream_id NOT IN (SELECT 'views-' || substr(stream_id, 9) FROM hidden)
        -- the files on such a concern (libs/attachments: attachments-concern-<id>)
        AND stream_id NOT IN (SELECT 'attachments-' || stream_id FROM hidden)
      ORDER BY events.global_position
      LIMIT $7`,
    [
      q.fromPosition,
      q.stream ?? null,
      trustWide,
      trustWide ? actor.trustId : actor.schoolId,
      actor.staffId,
      caseManagerRolesOf(actor),
      q.limit,
      q.actorId ?? null,
      q.from ?? null,
      q.to ?? null,
    ],
  );
  const alertIds = [
    ...new Set(rows.filter((r) => r.stream_id.startsWith(ALERT_PREFIX)).map((r) => r.stream_id.slice(ALERT_PREFIX.length))),
  ];
  const shown = alertIds.length > 0 ? await visibleAlerts(alertIds) : new Set<string>();
  // A full page may have more after it: the next page starts after the last position read.
  const next = rows.length === q.limit ? rows[rows.length - 1]!.global_position : null;
  const events = rows
    .filter((r) => !r.stream_id.startsWith(ALERT_PREFIX) || shown.has(r.stream_id.slice(ALERT_PREFIX.length)))
    .map((r) => ({
      globalPosition: r.global_position,
      streamId: r.stream_id,
      streamVersion: r.stream_version,
      eventId: r.event_id,
      type: r.type,
      schemaVersion: r.schema_version,
      data: r.data,
      metadata: r.metadata,
      actorName: r.actor_name,
      recordedAt: toIso(r.recorded_at),
      hash: r.hash,
      previousHash: r.previous_hash,
    }));
  return { events, next };
}

const ALERT_PREFIX = alertStream('');
