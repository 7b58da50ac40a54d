import { AUTH_MIGRATIONS } from '../../../libs/auth/src/migrations.js';
import { IDEMPOTENCY_MIGRATIONS } from '../../../libs/core/src/idempotency.js';
import { createPool } from '../../../libs/event-store/src/postgres/database.js';
import { migrate } from '../../../libs/event-store/src/postgres/migrations.js';
import { PostgresEventStore } from '../../../libs/event-store/src/postgres/postgres-event-store.js';
import { PRIVACY_MIGRATIONS } from '../../../libs/privacy/src/subject-keys.js';
import { migrateReadModels } from '../../../libs/read-models/src/migrations.js';

/**
 * Every schema the platform owns, each module with its own versioned, idempotent migrations, as the
 * URL's user. The read side's are TypeORM migrations (each projection's own tables are created per
 * generation by the runtime, see libs/read-models).
 */
export async function migrateAll(databaseUrl: string): Promise<void> {
  const pool = createPool(databaseUrl, 2);
  try {
    await PostgresEventStore.migrate(pool);
    await migrate(pool, AUTH_MIGRATIONS, 'auth_migrations');
    await migrate(pool, IDEMPOTENCY_MIGRATIONS, 'idempotency_migrations');
    await migrate(pool, PRIVACY_MIGRATIONS, 'privacy_migrations');
  } finally {
    await pool.end();
  }
  await migrateReadModels(databaseUrl);
}
