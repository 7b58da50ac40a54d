import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { compareCheckpoints, type Checkpoint, type NewEvent, type VerifyResult } from '../event-store.js';
import { MerkleFrontier } from '../sealing/merkle.js';
import { HISTORY_SEALED, SEAL_STREAM, type Seal } from '../sealing/seals.js';

type Db = pg.Pool | pg.PoolClient;

interface HashRow {
  t: string;
  g: string;
  hash: string;
  /** A seal's own event. */
  seal: boolean;
}

const BATCH = 10_000;
/** One sealer at a time across processes (a second one would only seal the same thing again). */
const SEAL_LOCK = 7_310_003;

/** Every event's hash in the store's global order, below `before` (a transaction id) when given. */
async function* hashesInOrder(db: Db, before?: string): AsyncGenerator<HashRow[]> {
  let after: Checkpoint = { transactionId: '0', globalPosition: '0' };
  for (;;) {
    const { rows } = await db.query<HashRow>(
      `SELECT transaction_id::text AS t, global_position::text AS g, hash, stream_id = '${SEAL_STREAM}' AS seal FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND ($3::xid8 IS NULL OR transaction_id < $3::xid8)
        ORDER BY transaction_id, global_position LIMIT $4`,
      [after.transactionId, after.globalPosition, before ?? null, BATCH],
    );
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = { transactionId: last.t, globalPosition: last.g };
  }
}

export function sealedEvent(seal: Seal): NewEvent {
  return {
    eventId: randomUUID(),
    type: HISTORY_SEALED,
    schemaVersion: 1,
    data: seal,
    metadata: {
      actorId: 'history-sealer',
      schoolId: null,
      trustId: null,
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: seal.sealedAt,
    },
  };
}

/**
 * The seal of everything the store can no longer add to: events of transactions older than every
 * transaction still running (as a gap-safe reader sees them), up to the last of them. Null when
 * another process is sealing, or nothing but seals was stored after `previous` (the last seal's end).
 */
export async function computeSeal(pool: pg.Pool, previous: Checkpoint | null, now: Date): Promise<Seal | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: lock } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [SEAL_LOCK]);
    if (!lock[0]!.ok) return null;
    const { rows: horizon } = await client.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
    const frontier = new MerkleFrontier();
    let upTo: Checkpoint | null = null;
    let lastRecord: Checkpoint | null = null;
    for await (const rows of hashesInOrder(client, horizon[0]!.xmin)) {
      for (const r of rows) {
        frontier.add(Buffer.from(r.hash, 'hex'));
        upTo = { transactionId: r.t, globalPosition: r.g };
        if (!r.seal) lastRecord = upTo;
      }
    }
    // Sealing the seals alone would never end.
    if (upTo === null || lastRecord === null || (previous && compareCheckpoints(lastRecord, previous) <= 0)) return null;
    return { upTo, events: frontier.size, root: frontier.root(), sealedAt: now.toISOString() };
  } finally {
    await client.query('COMMIT').catch(() => undefined);
    client.release();
  }
}

/** The seals recorded in the store itself, in order. */
export async function storedSeals(db: Db): Promise<Seal[]> {
  const { rows } = await db.query<{ data: Seal }>('SELECT data FROM events WHERE stream_id = $1 AND type = $2 ORDER BY stream_version', [
    SEAL_STREAM,
    HISTORY_SEALED,
  ]);
  return rows.map((r) => r.data);
}

/**
 * Walks the history once and checks every seal on the way: the events up to each seal must be as
 * many as it counted, end exactly where it ended, and have its tree hash. Seals come from the store
 * and from outside it; a seal kept outside catches even a rewrite that recomputed every hash and
 * every seal inside the database. A broken seal names the first position no holding seal covers.
 */
export async function checkSeals(
  db: Db,
  seals: { seal: Seal; kept: 'in the store' | 'outside the store' }[],
): Promise<VerifyResult | null> {
  const pending = [...seals].sort((a, b) => compareCheckpoints(a.seal.upTo, b.seal.upTo));
  if (pending.length === 0) return null;
  const frontier = new MerkleFrontier();
  let lastHeld: Checkpoint | null = null;
  let firstUncovered: string | null = null;
  const broken = (failed = pending[0]!): VerifyResult => {
    const { seal, kept } = failed;
    return {
      ok: false,
      checkedEvents: frontier.size,
      firstBrokenPosition: firstUncovered ?? (lastHeld ? String(BigInt(lastHeld.globalPosition) + 1n) : '1'),
      reason: `the seal of ${seal.sealedAt} (${kept}) over ${seal.events} events no longer matches the history up to position ${seal.upTo.globalPosition}`,
    };
  };
  for await (const rows of hashesInOrder(db)) {
    for (const r of rows) {
      const here = { transactionId: r.t, globalPosition: r.g };
      // A seal ending before this event that no event ended on: what it covered was removed or moved.
      if (compareCheckpoints(pending[0]!.seal.upTo, here) < 0) return broken();
      frontier.add(Buffer.from(r.hash, 'hex'));
      firstUncovered ??= r.g;
      // Every seal ending here must hold (one kept outside may disagree with one kept inside).
      let ending = 0;
      while (ending < pending.length && compareCheckpoints(pending[ending]!.seal.upTo, here) === 0) ending += 1;
      if (ending > 0) {
        const failed = pending.slice(0, ending).find(({ seal }) => frontier.size !== seal.events || frontier.root() !== seal.root);
        if (failed) return broken(failed);
        pending.splice(0, ending);
        lastHeld = here;
        firstUncovered = null;
      }
      if (pending.length === 0) return null;
    }
  }
  // The history ends before a seal does: its tail was removed.
  return broken();
}
