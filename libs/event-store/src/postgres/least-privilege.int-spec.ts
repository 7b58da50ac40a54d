import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { newEvent } from '../event-store.contract.js';
import { createPool } from './database.js';
import { APP_ROLE, EVENT_STORE_MIGRATIONS, migrate } from './migrations.js';
import { PostgresEventStore } from './postgres-event-store.js';

let db: TestDatabase;
let app: pg.Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('least_privilege');
  await PostgresEventStore.migrate(db.pool);
  app = createPool(db.url, 4, { role: APP_ROLE });
  store = new PostgresEventStore({ pool: app });
  await store.appendToStream('concern-1', [newEvent('ConcernRaised', { summary: 'first' })], { expectedVersion: 'no_stream' });
});
afterAll(async () => {
  await app.end();
  await db.drop();
});

// Not readAll: it holds back events behind transactions still open anywhere on the server (other test files).
async function eventCount(): Promise<number> {
  return (await app.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
}

const permissionDenied = expect.objectContaining({ code: '42501' });

describe('the application role', () => {
  it('is what every connection of the application pool acts as, even after RESET ROLE', async () => {
    const c = await app.connect();
    try {
      expect((await c.query<{ r: string }>('SELECT current_user AS r')).rows[0]!.r).toBe(APP_ROLE);
      await c.query('RESET ROLE');
      expect((await c.query<{ r: string }>('SELECT current_user AS r')).rows[0]!.r).toBe(APP_ROLE);
    } finally {
      c.release();
    }
  });

  it('appends and reads events', async () => {
    await store.appendToStream('concern-1', [newEvent('ConcernAcknowledged', {})], { expectedVersion: 0 });
    await store.appendToStream('concern-2', [newEvent('ConcernRaised', { summary: 'second' })], { expectedVersion: 'no_stream' });
    expect((await store.readStream('concern-1')).map((e) => e.type)).toEqual(['ConcernRaised', 'ConcernAcknowledged']);
    expect(await eventCount()).toBe(3);
    expect((await store.verify()).ok).toBe(true);
  });

  it('may not UPDATE, DELETE or TRUNCATE events, nor disable their triggers (permission denied)', async () => {
    await expect(app.query(`UPDATE events SET data = '{}'`)).rejects.toEqual(permissionDenied);
    await expect(app.query('DELETE FROM events')).rejects.toEqual(permissionDenied);
    await expect(app.query('TRUNCATE events')).rejects.toEqual(permissionDenied);
    await expect(app.query('ALTER TABLE events DISABLE TRIGGER USER')).rejects.toEqual(permissionDenied);
    await expect(app.query('DROP TABLE events')).rejects.toEqual(permissionDenied);
    await expect(app.query('DELETE FROM streams')).rejects.toEqual(permissionDenied);
    await expect(app.query(`SELECT setval(pg_get_serial_sequence('events', 'global_position'), 1)`)).rejects.toEqual(permissionDenied);
    expect(await eventCount()).toBe(3);
    expect((await store.verify()).ok).toBe(true);
  });

  it('has full use of tables other modules create later, and creates schemas of its own', async () => {
    await migrate(
      db.pool,
      [{ version: 1, name: 'a module', sql: 'CREATE TABLE module_rows (id serial PRIMARY KEY, v text)' }],
      'module_migrations',
    );
    await app.query(`INSERT INTO module_rows (v) VALUES ('a')`);
    await app.query(`UPDATE module_rows SET v = 'b'`);
    await app.query('DELETE FROM module_rows');
    await app.query('CREATE SCHEMA rm_probe_1');
    await app.query('CREATE TABLE rm_probe_1.t (id int)');
    await app.query('DROP SCHEMA rm_probe_1 CASCADE');
  });

  it('takes over read-model generations built before it existed', async () => {
    const old = await createTestDatabase('least_privilege_upgrade');
    try {
      await migrate(old.pool, EVENT_STORE_MIGRATIONS.slice(0, 1));
      await old.pool.query('CREATE SCHEMA rm_directory_1; CREATE TABLE rm_directory_1.pupils (id serial PRIMARY KEY)');
      await migrate(old.pool, EVENT_STORE_MIGRATIONS);
      const { rows } = await old.pool.query<{ owner: string }>(
        `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'pupils' AND relnamespace = 'rm_directory_1'::regnamespace`,
      );
      expect(rows).toEqual([{ owner: APP_ROLE }]);
      const role = createPool(old.url, 1, { role: APP_ROLE });
      try {
        await role.query('INSERT INTO rm_directory_1.pupils DEFAULT VALUES');
        await role.query('DROP SCHEMA rm_directory_1 CASCADE');
      } finally {
        await role.end();
      }
    } finally {
      await old.drop();
    }
  });

  it('survives migrating again and many databases migrating at once', async () => {
    expect(await migrate(db.pool, EVENT_STORE_MIGRATIONS)).toEqual([]);
    const others = await Promise.all([1, 2, 3].map(() => createTestDatabase('least_privilege_many')));
    try {
      await Promise.all(others.map((o) => PostgresEventStore.migrate(o.pool)));
    } finally {
      await Promise.all(others.map((o) => o.drop()));
    }
  });
});
