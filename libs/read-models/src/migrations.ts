import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { APP_ROLE } from '#lib/event-store';

/** Readers act as this role: it may only SELECT read-model rows of the schools in scope (row-level security). */
export const READER_ROLE = 'safeguarding_reader';

/** The registry of live generations (public schema). The table predates these migrations on older databases. */
export class ReadModelRegistry1764489600000 implements MigrationInterface {
  name = 'ReadModelRegistry1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS read_model_registry (
      name text PRIMARY KEY,
      live_schema text NOT NULL,
      version integer NOT NULL,
      generation integer NOT NULL,
      swapped_at timestamptz NOT NULL DEFAULT now()
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE read_model_registry');
  }
}

/**
 * The reader role (cluster-wide, so it may exist already). The application role and the migrating
 * user become members, so either can `SET LOCAL ROLE` to it for a read.
 */
export class ReadModelReaderRole1764489600001 implements MigrationInterface {
  name = 'ReadModelReaderRole1764489600001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$
      BEGIN
        CREATE ROLE ${READER_ROLE} NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT ${READER_ROLE} TO ${APP_ROLE};
        END IF;
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT ${READER_ROLE} TO %I', current_user);
        END IF;
      END $$`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ${READER_ROLE} FROM ${APP_ROLE}`);
  }
}

/** The read side's shared schema, in order. Append new migrations; never edit one that has shipped. */
export const READ_MODEL_MIGRATIONS = [ReadModelRegistry1764489600000, ReadModelReaderRole1764489600001];

/** The first migration of every generation: its checkpoint row, before the projection's own tables. */
export class ProjectionCheckpointTable1764489600000 implements MigrationInterface {
  name = 'ProjectionCheckpointTable1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE projection_checkpoint (
      id integer PRIMARY KEY DEFAULT 1,
      transaction_id numeric(20, 0),
      global_position bigint,
      updated_at timestamptz,
      CONSTRAINT projection_checkpoint_single_row CHECK (id = 1)
    )`);
    await q.query('INSERT INTO projection_checkpoint (id) VALUES (1)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projection_checkpoint');
  }
}

const MIGRATION_LOCK = 7_310_002;

/**
 * Runs the read side's TypeORM migrations as the URL's user, under an advisory lock: TypeORM's
 * migration runner does not guard against two processes starting at once.
 */
export async function migrateReadModels(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: READ_MODEL_MIGRATIONS,
    migrationsTableName: 'read_model_schema_migrations',
    migrationsTransactionMode: 'each',
    extra: { max: 2, application_name: 'safeguarding-migrations' },
  });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations();
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}
