import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, withDatabase } from '#lib/event-store';

/** A database of its own for one part of the benchmark, dropped afterwards. */
export interface BenchDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('Set DATABASE_URL to a PostgreSQL server the benchmark may create and drop databases on,\n');
    process.stderr.write('e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench\n');
    process.exit(2);
  }
  return url;
}

export async function createBenchDatabase(label: string, poolSize = 10): Promise<BenchDatabase> {
  const name = `bench_${label}_${randomBytes(4).toString('hex')}`;
  const server = serverUrl();
  await adminQuery(server, `CREATE DATABASE ${name}`);
  const url = withDatabase(server, name);
  const pool = createPool(url, poolSize);
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end().catch(() => undefined);
      await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function adminQuery<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}
