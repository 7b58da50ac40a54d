import { DataSource } from 'typeorm';
import type { Projection } from './projection.js';
import { SnakeCaseNaming } from './naming.js';
import { READER_ROLE } from './migrations.js';
import { ProjectionCheckpoint, ReadModelRegistration } from './read-model-tables.js';

export interface ReadModelDataSourceOptions {
  databaseUrl: string;
  /** The role every connection acts as (DATABASE_APP_ROLE); unset: the URL's user. */
  role?: string;
  poolSize?: number;
}

/**
 * The read side's TypeORM connection: the runtime's own tables and every projection's entities.
 * Entities name no schema: each generation is a schema of its own, chosen per transaction.
 */
export function readModelDataSource(
  projections: readonly Projection[],
  options: ReadModelDataSourceOptions & { asReader?: boolean },
): DataSource {
  if (options.role !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.role)) throw new Error(`unsafe role name: ${options.role}`);
  return new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    entities: [ReadModelRegistration, ProjectionCheckpoint, ...projections.flatMap((p) => p.entities)],
    namingStrategy: new SnakeCaseNaming(),
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.asReader ? 'safeguarding-readers' : 'safeguarding-read-models',
      // Set at connection start, like the event store's pool, so RESET ROLE keeps it. The readers'
      // connections act as the reader role, read-only, from the start (see readAs).
      ...(options.asReader
        ? { options: `-c role=${READER_ROLE} -c default_transaction_read_only=on` }
        : options.role
          ? { options: `-c role=${options.role}` }
          : {}),
    },
  });
}
