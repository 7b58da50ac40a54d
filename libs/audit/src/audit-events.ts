import type pg from 'pg';
import { alertStream } from '#lib/alerts';
import { concernStream } from '#lib/concerns';
import { viewsStream } from '#lib/core';
import type { EventStore, StoredEvent } from '#lib/event-store';
import { type Actor, caseManagerRolesOf } from '#lib/kernel';

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
 * The stored history exactly as written (no upcasting), in global position order, read through the
 * event-store port. A trust auditor reads their trust's events; a school lead their school's. The
 * subject rule holds here as on every route: the streams of a concern whose adult is the reader, of a
 * concern about an adult the reader does not manage (and that concern's views and files), and of
 * alerts the reader's inbox would not show (`visibleAlerts`), are left out.
 */
export async function auditEvents(
  store: EventStore,
  pool: pg.Pool,
  actor: Actor,
  q: AuditEventsQuery,
  visibleAlerts: (alertIds: string[]) => Promise<Set<string>>,
): Promise<{ events: AuditEvent[]; next: string | null }> {
  const read = await store.readHistory({
    after: q.fromPosition,
    limit: q.limit,
    scope: actor.schoolId === null ? { trustId: actor.trustId } : { schoolId: actor.schoolId },
    streamId: q.stream,
    actorId: q.actorId,
    recordedFrom: q.from,
    recordedTo: q.to,
  });
  // A full page may have more after it: the next page starts after the last position read, whatever is left out of it.
  const next = read.length === q.limit ? read[read.length - 1]!.globalPosition : null;
  const [hiddenConcerns, shownAlerts] = await Promise.all([hiddenConcernsIn(store, actor, read), alertsShown(read, visibleAlerts)]);
  const kept = read.filter((e) => {
    const concernId = concernOf(e.streamId);
    if (concernId !== null && hiddenConcerns.has(concernId)) return false;
    return !e.streamId.startsWith(ALERT_PREFIX) || shownAlerts.has(e.streamId.slice(ALERT_PREFIX.length));
  });
  const names = await actorNames(pool, kept);
  const events = kept.map((e) => ({
    globalPosition: e.globalPosition,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    actorName: names.get(e.metadata.actorId) ?? null,
    recordedAt: e.recordedAt,
    hash: e.hash,
    previousHash: e.previousHash,
  }));
  return { events, next };
}

const ALERT_PREFIX = alertStream('');
const CONCERN_PREFIX = concernStream('');
const VIEWS_PREFIX = viewsStream('');
/** The files on a concern (libs/attachments: attachments-concern-<id>). */
const ATTACHMENTS_PREFIX = `attachments-${CONCERN_PREFIX}`;

/** The concern a stream belongs to (its own, its views' or its files'), if it may be one. */
function concernOf(streamId: string): string | null {
  for (const prefix of [CONCERN_PREFIX, VIEWS_PREFIX, ATTACHMENTS_PREFIX]) {
    if (streamId.startsWith(prefix)) return streamId.slice(prefix.length);
  }
  return null;
}

/**
 * The concerns of the page the reader must not see, decided on each one's `ConcernRaised` read from
 * its stream: exact, so a concern raised a moment ago cannot leak ahead of a read model. A views
 * stream of something that is not a concern has no such event and hides nothing.
 */
async function hiddenConcernsIn(store: EventStore, actor: Actor, events: StoredEvent[]): Promise<Set<string>> {
  const candidates = new Set(events.flatMap((e) => concernOf(e.streamId) ?? []));
  const manages = new Set<string>(caseManagerRolesOf(actor));
  const hidden = new Set<string>();
  await Promise.all(
    [...candidates].map(async (concernId) => {
      const [raised] = await store.readStream(concernStream(concernId));
      if (raised?.type !== 'ConcernRaised') return;
      const { aboutAdult, routedTo } = raised.data as { aboutAdult?: { staffId?: string } | null; routedTo?: string };
      if (typeof aboutAdult !== 'object' || aboutAdult === null) return;
      if (aboutAdult.staffId === actor.staffId || !manages.has(routedTo ?? '')) hidden.add(concernId);
    }),
  );
  return hidden;
}

async function alertsShown(events: StoredEvent[], visibleAlerts: (alertIds: string[]) => Promise<Set<string>>): Promise<Set<string>> {
  const alertIds = [
    ...new Set(events.filter((e) => e.streamId.startsWith(ALERT_PREFIX)).map((e) => e.streamId.slice(ALERT_PREFIX.length))),
  ];
  return alertIds.length > 0 ? visibleAlerts(alertIds) : new Set<string>();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The names of the page's actors, from their accounts (not the event store): one query a page. */
async function actorNames(pool: pg.Pool, events: StoredEvent[]): Promise<Map<string, string>> {
  // Only a uuid can be an account's id (the system acts under other names): the rest have no name to look up.
  const ids = [...new Set(events.map((e) => e.metadata.actorId))].filter((id) => UUID.test(id));
  if (ids.length === 0) return new Map();
  const { rows } = await pool.query<{ staff_id: string; name: string }>(
    'SELECT staff_id::text, name FROM accounts WHERE staff_id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.staff_id, r.name]));
}
