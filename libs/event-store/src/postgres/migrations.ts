import type pg from 'pg';

/** The role the application runs as (SET ROLE on each connection): it may append events, never change them. */
export const APP_ROLE = 'safeguarding_app';

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
  {
    version: 2,
    name: 'least privilege: the application role may append and read events, never change them',
    // The trigger alone does not hold against a superuser, who can disable it; the application runs
    // as this role (SET ROLE, see createPool), which does not own the events table and so can neither
    // change its rows nor its triggers. The role is cluster-wide and many databases migrate at once.
    sql: `
      DO $$
      BEGIN
        CREATE ROLE ${APP_ROLE} NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;

      DO $$
      BEGIN
        -- Read-model generations are schemas of their own, created at run time.
        EXECUTE format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO ${APP_ROLE}', current_database());
      END $$;
      GRANT USAGE, CREATE ON SCHEMA public TO ${APP_ROLE};
      GRANT ALL ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
      GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
      -- Every module's tables, created after this by the migrating user.
      ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO ${APP_ROLE};
      ALTER DEFAULT PRIVILEGES GRANT ALL ON SEQUENCES TO ${APP_ROLE};
      ALTER DEFAULT PRIVILEGES GRANT USAGE, CREATE ON SCHEMAS TO ${APP_ROLE};

      REVOKE ALL ON events FROM ${APP_ROLE};
      GRANT SELECT, INSERT ON events TO ${APP_ROLE};
      REVOKE ALL ON streams FROM ${APP_ROLE};
      GRANT SELECT, INSERT, UPDATE ON streams TO ${APP_ROLE};
      DO $$
      DECLARE
        generation record;
        owned record;
      BEGIN
        EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM ${APP_ROLE}', pg_get_serial_sequence('events', 'global_position'));
        EXECUTE format('GRANT USAGE ON SEQUENCE %s TO ${APP_ROLE}', pg_get_serial_sequence('events', 'global_position'));
        -- Generations built before this ran: the role now builds, swaps and drops them.
        FOR generation IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm\\_%' LOOP
          EXECUTE format('ALTER SCHEMA %I OWNER TO ${APP_ROLE}', generation.nspname);
          FOR owned IN
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = generation.nspname AND c.relkind IN ('r', 'p')
          LOOP
            EXECUTE format('ALTER TABLE %I.%I OWNER TO ${APP_ROLE}', generation.nspname, owned.relname);
          END LOOP;
        END LOOP;
      END $$;
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
