import type pg from 'pg';
import { AUTH_MIGRATIONS } from '../../../libs/auth/src/migrations.js';
import { IDEMPOTENCY_MIGRATIONS } from '../../../libs/core/src/idempotency.js';
import { migrate } from '../../../libs/event-store/src/postgres/migrations.js';
import { READ_MODEL_MIGRATIONS } from '../../../libs/read-models/src/migrations.js';
import { PostgresEventStore } from '../../../libs/event-store/src/postgres/postgres-event-store.js';
import { PRIVACY_MIGRATIONS } from '../../../libs/privacy/src/subject-keys.js';

/** Every schema the platform owns, each module with its own versioned, idempotent migrations. */
export async function migrateAll(pool: pg.Pool): Promise<void> {
  await PostgresEventStore.migrate(pool);
  await migrate(pool, AUTH_MIGRATIONS, 'auth_migrations');
  await migrate(pool, IDEMPOTENCY_MIGRATIONS, 'idempotency_migrations');
  await migrate(pool, READ_MODEL_MIGRATIONS, 'read_model_migrations');
  await migrate(pool, PRIVACY_MIGRATIONS, 'privacy_migrations');
}
