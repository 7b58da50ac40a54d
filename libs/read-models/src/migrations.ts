import type { Migration } from '../../event-store/src/postgres/migrations.js';

export const READ_MODEL_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'read model registry',
    sql: `CREATE TABLE read_model_registry (
      name text PRIMARY KEY,
      live_schema text NOT NULL,
      version integer NOT NULL,
      generation integer NOT NULL,
      swapped_at timestamptz NOT NULL DEFAULT now()
    );`,
  },
];
