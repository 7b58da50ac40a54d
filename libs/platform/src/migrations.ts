import { ATTACHMENT_MIGRATIONS } from '#lib/attachments';
import { AUTH_MIGRATIONS } from '#lib/auth';
import { IDEMPOTENCY_MIGRATIONS } from '#lib/core';
import { NOTIFICATION_MIGRATIONS } from '#lib/notifications';
import { createPool, migrate, PostgresEventStore } from '#lib/event-store';
import { PRIVACY_MIGRATIONS } from '#lib/privacy';
import { migrateReadModels } from '#lib/read-models';

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
    await migrate(pool, ATTACHMENT_MIGRATIONS, 'attachment_migrations');
    await migrate(pool, NOTIFICATION_MIGRATIONS, 'notification_migrations');
  } finally {
    await pool.end();
  }
  await migrateReadModels(databaseUrl);
}
