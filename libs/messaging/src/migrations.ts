import type { Migration } from '#lib/event-store';

/** The relay's own position in the store: advanced only after Kafka acknowledged everything before it. */
export const MESSAGING_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'relay checkpoint',
    sql: `CREATE TABLE relay_checkpoint (
      id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      transaction_id text,
      global_position text,
      published bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO relay_checkpoint (id) VALUES (1);`,
  },
];

export const MESSAGING_MIGRATIONS_TABLE = 'messaging_migrations';
