import pg from 'pg';

export interface PoolOptions {
  /**
   * Every connection acts as this role (set at connection start, so RESET ROLE keeps it), e.g. the
   * application's APP_ROLE, which may not change events. Unset: the URL's user, as migrations need.
   */
  role?: string;
}

// bigint columns come back as strings by default; int8 counts we read are small, so keep strings.
export function createPool(connectionString: string, max = 10, options: PoolOptions = {}): pg.Pool {
  if (options.role !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.role)) throw new Error(`unsafe role name: ${options.role}`);
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: 'safeguarding',
    ...(options.role ? { options: `-c role=${options.role}` } : {}),
  });
  // A connection's error (e.g. the server shutting down) must not crash the process: idle clients
  // report it on the pool, checked-out ones (a held lock, a LISTEN) on themselves; queries in flight
  // still reject and are handled where they were made.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
}
