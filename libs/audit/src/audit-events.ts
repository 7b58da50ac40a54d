import type pg from 'pg';
import { type Actor, hasRole, toIso } from '#lib/kernel';

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
 * reads their trust's events; a school lead their school's. Concerns about adults (and the views of
 * them) are left out for anyone but the headteacher and the trust auditor, as everywhere else.
 */
export async function auditEvents(pool: pg.Pool, actor: Actor, q: AuditEventsQuery): Promise<AuditEvent[]> {
  const trustWide = actor.schoolId === null;
  const hideAdultConcerns = !hasRole(actor, 'headteacher', 'trust_auditor');
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
    `WITH adult AS (
       SELECT stream_id FROM events WHERE $5 AND type = 'ConcernRaised' AND jsonb_typeof(data->'aboutAdult') = 'object'
     )
     SELECT global_position::text, stream_id, stream_version, event_id::text, type, schema_version, data, metadata, recorded_at,
            (SELECT a.name FROM accounts a WHERE a.staff_id::text = events.metadata->>'actorId') AS actor_name, hash, previous_hash
       FROM events
      WHERE events.global_position > $1::bigint
        AND ($7::text IS NULL OR metadata->>'actorId' = $7)
        AND ($8::date IS NULL OR (recorded_at AT TIME ZONE 'Europe/London')::date >= $8::date)
        AND ($9::date IS NULL OR (recorded_at AT TIME ZONE 'Europe/London')::date <= $9::date)
        AND ($2::text IS NULL OR stream_id = $2)
        AND (CASE WHEN $3 THEN metadata->>'trustId' ELSE metadata->>'schoolId' END) = $4
        AND stream_id NOT IN (SELECT stream_id FROM adult)
        AND stream_id NOT IN (SELECT 'views-' || substr(stream_id, 9) FROM adult)
      ORDER BY events.global_position
      LIMIT $6`,
    [
      q.fromPosition,
      q.stream ?? null,
      trustWide,
      trustWide ? actor.trustId : actor.schoolId,
      hideAdultConcerns,
      q.limit,
      q.actorId ?? null,
      q.from ?? null,
      q.to ?? null,
    ],
  );
  return rows.map((r) => ({
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
}
