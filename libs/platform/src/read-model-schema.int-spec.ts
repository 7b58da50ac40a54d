import { DataSource } from 'typeorm';
import { migrateAll } from './migrations.js';
import { MIGRATION_SOURCES, PROJECTIONS_LIST } from './projections.js';
import { eventTallyProjection } from '#lib/messaging';
import {
  createGeneration,
  pendingSchemaChanges,
  ProjectionCheckpoint,
  readModelDataSource,
  schemaName,
  SnakeCaseNaming,
} from '#lib/read-models';
import { createTestDatabase, type TestDatabase } from '#lib/testing';

/**
 * Each projection's TypeORM migrations build exactly the tables its entities describe: TypeORM's own
 * schema builder, pointed at a generation the runtime built, finds nothing to change.
 */
describe('read-model migrations match their entities', () => {
  let db: TestDatabase;
  let runtime: DataSource;
  const projections = [...PROJECTIONS_LIST, eventTallyProjection];

  beforeAll(async () => {
    db = await createTestDatabase('rm_schema');
    await migrateAll(db.url);
    runtime = await readModelDataSource(projections, { databaseUrl: db.url }).initialize();
  });
  afterAll(async () => {
    await runtime.destroy();
    await db.drop();
  });

  it.each(projections.map((p) => [p.name, p] as const))('%s', async (_, projection) => {
    const schema = schemaName(projection.name, 'schema_check');
    await createGeneration(runtime, schema, projection);
    const check = await new DataSource({
      type: 'postgres',
      url: db.url,
      schema,
      entities: [ProjectionCheckpoint, ...projection.entities],
      namingStrategy: new SnakeCaseNaming(),
    }).initialize();
    try {
      const pending = await check.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await check.destroy();
    }
    // Row-level security: readers may select only the readable tables, scoped by school (by trust where a table has no school).
    const tables: { table: string; rls: boolean; readable: boolean; policy: string | null; school: boolean }[] = await runtime.query(
      `SELECT c.relname AS table, c.relrowsecurity AS rls,
              has_table_privilege('safeguarding_reader', c.oid, 'SELECT') AS readable,
              (SELECT string_agg(p.qual, ' ') FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname) AS policy,
              EXISTS (SELECT 1 FROM information_schema.columns k
                       WHERE k.table_schema = n.nspname AND k.table_name = c.relname AND k.column_name = 'school_id') AS school
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname <> 'projection_checkpoint'`,
      [schema],
    );
    expect(tables.length).toBe(projection.entities.length);
    const readable = projection.readable.map((entity) => runtime.getMetadata(entity).tableName).sort();
    expect(
      tables
        .filter((t) => t.readable)
        .map((t) => t.table)
        .sort(),
    ).toEqual(readable);
    for (const t of tables) {
      expect({ table: t.table, rls: t.rls }).toEqual({ table: t.table, rls: true });
      if (!t.readable) continue;
      expect({ table: t.table, policy: t.policy }).toEqual({
        table: t.table,
        policy: expect.stringContaining(t.school ? 'school_id' : 'trust_id'),
      });
    }
  });

  // What `npm run migration:generate` would write for each owner of tables, against a schema its
  // committed migrations built: nothing, so entities and migrations cannot drift apart.
  it.each([...MIGRATION_SOURCES, eventTallyProjection].map((s) => [s.name, s] as const))(
    'the generator finds nothing to add to %s',
    async (_, source) => {
      const pending = await pendingSchemaChanges(db.url, source);
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    },
  );
});
