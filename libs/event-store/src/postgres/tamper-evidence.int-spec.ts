import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { newEvent } from '../event-store.contract.js';
import { PostgresEventStore } from './postgres-event-store.js';

let db: TestDatabase;
let store: PostgresEventStore;

beforeEach(async () => {
  db = await createTestDatabase('tamper');
  await PostgresEventStore.migrate(db.pool);
  store = new PostgresEventStore({ pool: db.pool });
  for (let s = 0; s < 3; s++) {
    const id = `concern-${s}`;
    await store.appendToStream(id, [newEvent('ConcernRaised', { s, summary: `concern ${s}` })], { expectedVersion: 'no_stream' });
    await store.appendToStream(id, [newEvent('ConcernAcknowledged', { s })], { expectedVersion: 0 });
    await store.appendToStream(id, [newEvent('ConcernTriaged', { s, decision: 'monitor' })], { expectedVersion: 1 });
  }
});
afterEach(async () => db.drop());

async function asSuperuser(fn: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = await db.admin();
  try {
    await c.query('ALTER TABLE events DISABLE TRIGGER USER');
    await fn(c);
    await c.query('ALTER TABLE events ENABLE TRIGGER USER');
  } finally {
    await c.end();
  }
}

async function positionOf(stream: string, version: number): Promise<string> {
  const { rows } = await db.pool.query<{ p: string }>(
    'SELECT global_position::text AS p FROM events WHERE stream_id = $1 AND stream_version = $2',
    [stream, version],
  );
  return rows[0]!.p;
}

describe('immutability', () => {
  it('refuses UPDATE, DELETE and TRUNCATE through the application connection', async () => {
    await expect(db.pool.query(`UPDATE events SET data = '{}'`)).rejects.toThrow(/immutable/);
    await expect(db.pool.query('DELETE FROM events')).rejects.toThrow(/immutable/);
    await expect(db.pool.query('TRUNCATE events')).rejects.toThrow(/immutable/);
    expect((await store.verify()).ok).toBe(true);
  });
});

describe('verify() detects tampering behind the application', () => {
  it('an edited event: names its position', async () => {
    const target = await positionOf('concern-1', 1);
    await asSuperuser((c) =>
      c.query(`UPDATE events SET data = '{"s":1,"edited":true}' WHERE global_position = $1`, [target]).then(() => undefined),
    );
    expect(await store.verify()).toMatchObject({ ok: false, firstBrokenPosition: target });
  });

  it('a deleted row: names the next event of its stream', async () => {
    const deleted = await positionOf('concern-2', 1);
    const next = await positionOf('concern-2', 2);
    await asSuperuser((c) => c.query('DELETE FROM events WHERE global_position = $1', [deleted]).then(() => undefined));
    expect(await store.verify()).toMatchObject({ ok: false, firstBrokenPosition: next });
  });

  it("two rows' data swapped: names the earlier", async () => {
    const a = await positionOf('concern-0', 0);
    const b = await positionOf('concern-1', 0);
    await asSuperuser(async (c) => {
      await c.query(
        `UPDATE events e SET data = o.data FROM events o
          WHERE (e.global_position, o.global_position) IN (($1::bigint, $2::bigint), ($2::bigint, $1::bigint))`,
        [a, b],
      );
    });
    expect(await store.verify()).toMatchObject({ ok: false, firstBrokenPosition: a });
  });

  it("a stream's last event deleted: caught by the recorded stream head", async () => {
    const last = await positionOf('concern-0', 2);
    const before = await positionOf('concern-0', 1);
    await asSuperuser((c) => c.query('DELETE FROM events WHERE global_position = $1', [last]).then(() => undefined));
    expect(await store.verify()).toMatchObject({ ok: false, firstBrokenPosition: before });
  });

  it('a clean history after all that is still ok', async () => {
    await store.appendToStream(`concern-${randomUUID()}`, [newEvent()], { expectedVersion: 'no_stream' });
    expect(await store.verify()).toMatchObject({ ok: true, checkedEvents: 10 });
  });
});
