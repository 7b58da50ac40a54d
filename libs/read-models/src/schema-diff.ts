import { randomBytes } from 'node:crypto';
import { DataSource, type MigrationInterface } from 'typeorm';
import type { SqlInMemory } from 'typeorm/driver/SqlInMemory.js';
import { quoteIdent } from './generations.js';
import { SnakeCaseNaming } from './naming.js';
import type { EntityClass } from './table-shape.js';

/**
 * What owns a set of generation tables: a projection, or a family of alert rules inside the inbox's
 * generation. Its migrations build, from an empty schema, the tables its entities describe.
 */
export interface MigrationSource {
  readonly name: string;
  readonly entities: readonly EntityClass[];
  readonly migrations: readonly (new () => MigrationInterface)[];
}

/**
 * TypeORM's own schema diff (the machinery of `typeorm migration:generate`): in a scratch schema of
 * `databaseUrl`, the source's committed migrations run (none with `fromEmpty`), then TypeORM's schema
 * builder compares the schema with the entities and says what would make them match. The queries name
 * no schema, like the committed migrations, so they run in any generation. The scratch schema is dropped.
 */
export async function pendingSchemaChanges(
  databaseUrl: string,
  source: MigrationSource,
  options: { fromEmpty?: boolean } = {},
): Promise<SqlInMemory> {
  const name = `rm_scratch_${randomBytes(6).toString('hex')}`;
  const schema = quoteIdent(name);
  const admin = await new DataSource({ type: 'postgres', url: databaseUrl, extra: { max: 1 } }).initialize();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.transaction(async (db) => {
      await db.query(`SET LOCAL search_path TO ${schema}`);
      for (const migration of options.fromEmpty ? [] : source.migrations) await new migration().up(db.queryRunner!);
    });
    // The scratch schema is the connection's current schema, so TypeORM leaves table names unqualified.
    const diff = await new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: [...source.entities],
      namingStrategy: new SnakeCaseNaming(),
      extra: { max: 1, options: `-c search_path=${name}` },
    }).initialize();
    try {
      const sql = await diff.driver.createSchemaBuilder().log();
      // TypeORM still qualifies a dropped index (`DROP INDEX "<schema>"."<index>"`).
      for (const query of [...sql.upQueries, ...sql.downQueries]) query.query = query.query.replaceAll(`${schema}.`, '');
      return sql;
    } finally {
      await diff.destroy();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.destroy();
  }
}
