import { randomInt } from 'node:crypto';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { newEvent } from '../event-store.contract.js';
import { PostgresEventStore } from './postgres-event-store.js';

/**
 * 1,000 random changes made as a superuser behind the application's back (trigger disabled): edits of
 * data, metadata, type or time, deleted rows, swapped contents and reordered events. Each runs in a
 * transaction that is rolled back afterwards; verify() must catch every one at the first broken position.
 */
let db: TestDatabase;
let store: PostgresEventStore;
let admin: pg.Client;

interface Row {
  p: string;
  stream: string;
  version: number;
}
let rows: Row[];

beforeAll(async () => {
  db = await createTestDatabase('tamper_fuzz');
  await PostgresEventStore.migrate(db.pool);
  store = new PostgresEventStore({ pool: db.pool });
  for (let i = 0; i < 150; i++) {
    const stream = `concern-${i % 12}`;
    await store.appendToStream(stream, [newEvent(i % 3 ? 'ConcernAddendumAdded' : 'ConcernRaised', { i, text: `note ${i}` })], {
      expectedVersion: 'any',
    });
  }
  admin = await db.admin();
  rows = (
    await admin.query<Row>(
      'SELECT global_position::text AS p, stream_id AS stream, stream_version AS version FROM events ORDER BY global_position',
    )
  ).rows;
});
afterAll(async () => {
  await admin.end();
  await db.drop();
});

const pick = <T>(xs: T[]): T => xs[randomInt(xs.length)]!;
const byPosition = (a: string, b: string) => (BigInt(a) < BigInt(b) ? a : b);
const inStream = (stream: string) => rows.filter((r) => r.stream === stream);

/** Each mutation changes the table and returns the position verify() must name. */
const mutations: Record<string, (c: pg.Client) => Promise<string>> = {
  'edit data': async (c) => {
    const r = pick(rows);
    await c.query(`UPDATE events SET data = jsonb_set(data, '{text}', '"rewritten"') WHERE global_position = $1`, [r.p]);
    return r.p;
  },
  'edit metadata': async (c) => {
    const r = pick(rows);
    await c.query(
      `UPDATE events SET metadata = jsonb_set(metadata, '{actorId}', '"00000000-0000-0000-0000-000000000000"') WHERE global_position = $1`,
      [r.p],
    );
    return r.p;
  },
  'edit type': async (c) => {
    const r = pick(rows);
    await c.query(`UPDATE events SET type = 'ConcernClosed' WHERE global_position = $1 AND type <> 'ConcernClosed'`, [r.p]);
    return r.p;
  },
  'edit recorded time': async (c) => {
    const r = pick(rows);
    await c.query(`UPDATE events SET recorded_at = recorded_at - interval '1 day' WHERE global_position = $1`, [r.p]);
    return r.p;
  },
  'delete a row': async (c) => {
    const r = pick(rows);
    await c.query('DELETE FROM events WHERE global_position = $1', [r.p]);
    const stream = inStream(r.stream);
    const next = stream.find((x) => x.version === r.version + 1);
    if (next) return next.p;
    // The stream's last event: the recorded head names the stream's new last event.
    return stream.filter((x) => x.p !== r.p).at(-1)!.p;
  },
  'swap two rows’ data': async (c) => {
    const a = pick(rows);
    let b = pick(rows);
    while (b.p === a.p) b = pick(rows);
    await c.query(
      `UPDATE events e SET data = o.data FROM events o WHERE (e.global_position, o.global_position) IN (($1::bigint, $2::bigint), ($2::bigint, $1::bigint))`,
      [a.p, b.p],
    );
    return byPosition(a.p, b.p);
  },
  'reorder two events of a stream': async (c) => {
    const stream = inStream(pick(rows).stream);
    const a = pick(stream);
    let b = pick(stream);
    while (b.p === a.p) b = pick(stream);
    await c.query('UPDATE events SET stream_version = -1 WHERE global_position = $1', [a.p]);
    await c.query('UPDATE events SET stream_version = $2 WHERE global_position = $1', [b.p, a.version]);
    await c.query('UPDATE events SET stream_version = $2 WHERE global_position = $1', [a.p, b.version]);
    return byPosition(a.p, b.p);
  },
};

it('detects 100% of 1,000 random tamperings and names the first broken position', async () => {
  const kinds = Object.keys(mutations);
  const tally: Record<string, { tried: number; detected: number; rightPosition: number }> = {};
  for (let i = 0; i < 1000; i++) {
    const kind = kinds[i % kinds.length]!;
    const t = (tally[kind] ??= { tried: 0, detected: 0, rightPosition: 0 });
    await admin.query('BEGIN');
    try {
      await admin.query('ALTER TABLE events DISABLE TRIGGER USER');
      const expected = await mutations[kind]!(admin);
      const result = await store.verify(undefined, admin as unknown as pg.PoolClient);
      t.tried += 1;
      if (!result.ok) t.detected += 1;
      if (result.firstBrokenPosition === expected) t.rightPosition += 1;
    } finally {
      await admin.query('ROLLBACK');
    }
  }
  console.log(`[tamper] ${JSON.stringify(tally)}`);
  for (const t of Object.values(tally)) {
    expect(t.detected).toBe(t.tried);
    expect(t.rightPosition).toBe(t.tried);
  }
  expect(Object.values(tally).reduce((n, t) => n + t.tried, 0)).toBe(1000);
  expect((await store.verify()).ok).toBe(true);
}, 300_000);
