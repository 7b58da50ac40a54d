import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, withDatabase } from '#lib/event-store';

export interface TestDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  /** A superuser connection for tests that tamper behind the application's back. */
  admin(): Promise<pg.Client>;
  drop(): Promise<void>;
}

/** The server tests run against: DATABASE_URL, or the embedded one the jest global setup started. */
export function serverUrl(): string {
  const url = process.env.DATABASE_URL ?? process.env.TEST_EMBEDDED_DATABASE_URL;
  if (!url) throw new Error('No PostgreSQL: set DATABASE_URL, or run through jest so its global setup starts embedded PostgreSQL');
  return url;
}

/** A fresh database of its own for one test file, so files run in parallel without sharing state. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `t_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const server = serverUrl();
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(server, name);
  const pool = createPool(url, 20);
  return {
    name,
    url,
    pool,
    admin: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    },
    drop: async () => {
      await pool.end().catch(() => undefined);
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
