import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The event store's schema, versioned. Append new migrations; never edit one that has shipped. */
export const EVENT_STORE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'events table, streams, immutability',
    sql: `
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        event_id uuid NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        previous_hash text,
        hash text NOT NULL,
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version),
        CONSTRAINT events_event_id_unique UNIQUE (event_id)
      );
      CREATE INDEX events_global_order ON events (transaction_id, global_position);
      CREATE INDEX events_type ON events (type);

      -- One row per stream: its current version and the hash its next event chains to.
      CREATE TABLE streams (
        stream_id text PRIMARY KEY,
        version integer NOT NULL,
        last_hash text NOT NULL
      );

      CREATE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION events_are_immutable();
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable();
    `,
  },
];

const MIGRATION_LOCK = 7_310_001;

/** Applies the migrations not yet applied, in order, under an advisory lock (safe to run from many processes at once). */
export async function migrate(pool: pg.Pool, migrations: Migration[], table = 'event_store_migrations'): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${table} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${table}`);
    const done = new Set(rows.map((r) => r.version));
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${table} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
