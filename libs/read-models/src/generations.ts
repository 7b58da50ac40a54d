import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { compareCheckpoints, type Checkpoint } from '#lib/event-store';
import { ProjectionCheckpointTable1764489600000, READER_ROLE } from './migrations.js';
import type { Projection, ReadScope } from './projection.js';
import { ProjectionCheckpoint } from './read-model-tables.js';

export function schemaName(projection: string, generation: number | string): string {
  return `rm_${projection.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${generation}`;
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe schema name: ${name}`);
  return `"${name}"`;
}

/** The settings a reader's transaction carries; the row-level security policies compare rows with them. */
const SCHOOLS_SETTING = 'safeguarding.school_ids';
const TRUST_SETTING = 'safeguarding.trust_id';
const READER_SETTING = 'safeguarding.reader_id';
const CASE_ROLES_SETTING = 'safeguarding.case_manager_roles';

/**
 * The subject rule, decided here once for every readable table that carries its columns: a row
 * about a concern whose adult is the reader (`about_staff_id`) is never visible to them, and a row a
 * case manager keeps (`case_manager`: the role managing a concern about an adult) is visible only to
 * readers holding that role.
 */
const SUBJECT_RULES: Record<string, string> = {
  about_staff_id: `about_staff_id IS DISTINCT FROM nullif(current_setting('${READER_SETTING}', true), '')`,
  case_manager: `(case_manager IS NULL OR case_manager = ANY (string_to_array(current_setting('${CASE_ROLES_SETTING}', true), ',')))`,
};

/**
 * Creates a generation's schema in one transaction: the checkpoint row, then the projection's
 * TypeORM migrations in order (tables unqualified, so they land in the new schema), then
 * row-level security for readers.
 */
export async function createGeneration(dataSource: DataSource, schema: string, projection: Projection): Promise<void> {
  const q = dataSource.createQueryRunner();
  try {
    await q.connect();
    await q.startTransaction();
    await q.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await q.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    await new ProjectionCheckpointTable1764489600000().up(q);
    for (const migration of projection.migrations) await new migration().up(q);
    await secureForReaders(
      q,
      schema,
      projection.readable.map((entity) => dataSource.getMetadata(entity).tableName),
    );
    await q.commitTransaction();
  } catch (err) {
    if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
    throw err;
  } finally {
    await q.release();
  }
}

/**
 * Readers (the reader role) may select the readable tables only, and see their rows only for the
 * schools — or, for a table kept per trust, the trust — their transaction names. Every table has
 * row-level security on, so one granted by mistake still shows nothing. The projector owns the
 * tables, so it is not bound by the policies.
 */
async function secureForReaders(q: QueryRunner, schema: string, readable: string[]): Promise<void> {
  const tables: { table_name: string; scoped_by: string | null; subject_columns: string[] }[] = await q.query(
    // A table with both columns is scoped by school, the narrower of the two.
    `SELECT t.table_name,
            (SELECT c.column_name FROM information_schema.columns c
              WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name IN ('school_id', 'trust_id')
              ORDER BY c.column_name = 'school_id' DESC LIMIT 1) AS scoped_by,
            ARRAY(SELECT c.column_name::text FROM information_schema.columns c
              WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = ANY ($2::text[])
              ORDER BY c.column_name) AS subject_columns
       FROM information_schema.tables t
      WHERE t.table_schema = $1 AND t.table_type = 'BASE TABLE' AND t.table_name <> 'projection_checkpoint'`,
    [schema, Object.keys(SUBJECT_RULES)],
  );
  const s = quoteIdent(schema);
  await q.query(`GRANT USAGE ON SCHEMA ${s} TO ${READER_ROLE}`);
  for (const { table_name, scoped_by, subject_columns } of tables) {
    const table = `${s}.${quoteIdent(table_name)}`;
    await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
    if (!readable.includes(table_name)) continue;
    if (scoped_by === null) throw new Error(`${schema}.${table_name} is readable but has neither school_id nor trust_id`);
    const scope =
      scoped_by === 'school_id'
        ? `school_id = ANY (string_to_array(current_setting('${SCHOOLS_SETTING}', true), ','))`
        : `trust_id = current_setting('${TRUST_SETTING}', true)`;
    const rule = [scope, ...subject_columns.map((c) => SUBJECT_RULES[c]!)].join(' AND ');
    await q.query(`CREATE POLICY readers_in_scope ON ${table} FOR SELECT TO ${READER_ROLE} USING (${rule})`);
    await q.query(`GRANT SELECT ON ${table} TO ${READER_ROLE}`);
  }
}

export async function dropGeneration(dataSource: DataSource, schema: string): Promise<void> {
  await dataSource.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}

/**
 * Who reads: a reader of a scope, or one of the platform's own jobs (e.g. the retention job), which
 * reads every school. Both read-only.
 */
export type Reader = ReadScope | 'platform-job';

/**
 * Runs `fn` in one transaction whose unqualified table names are the generation's. A reader's
 * transaction is read-only and acts as the reader role with its scope set, so row-level security
 * holds whatever the query asks for. (It guards against a query's mistakes; SQL a query could
 * inject could still RESET ROLE.)
 */
export async function inGeneration<T>(
  dataSource: DataSource,
  generation: string | ((db: EntityManager) => Promise<string>),
  fn: (db: EntityManager) => Promise<T>,
  reader?: Reader,
): Promise<T> {
  const q = dataSource.createQueryRunner();
  try {
    await q.connect();
    // Through TypeORM's own transaction, so the manager never opens (and commits) one of its own inside it.
    await q.startTransaction();
    if (reader) await q.query('SET TRANSACTION READ ONLY');
    // Looked up in the transaction that reads it, so a generation swapped in meanwhile is the one read.
    const schema = typeof generation === 'string' ? generation : await generation(q.manager);
    await q.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    if (reader && reader !== 'platform-job') {
      await q.query(`SELECT set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true), set_config($7, $8, true)`, [
        SCHOOLS_SETTING,
        reader.schoolIds.join(','),
        TRUST_SETTING,
        reader.trustId ?? '',
        READER_SETTING,
        reader.reader.staffId,
        CASE_ROLES_SETTING,
        reader.reader.caseManagerRoles.join(','),
      ]);
      await q.query(`SET LOCAL ROLE ${READER_ROLE}`);
    }
    const result = await fn(q.manager);
    await q.commitTransaction();
    return result;
  } catch (err) {
    if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
    throw err;
  } finally {
    await q.release();
  }
}

export async function readCheckpoint(dataSource: DataSource, schema: string): Promise<Checkpoint | null> {
  quoteIdent(schema);
  // TypeORM quotes each part of the path itself.
  const row = await dataSource
    .createQueryBuilder()
    .select(['c.transaction_id AS t', 'c.global_position AS g'])
    .from(`${schema}.projection_checkpoint`, 'c')
    .getRawOne<{ t: string | null; g: string | null }>();
  return row?.t && row.g ? { transactionId: row.t, globalPosition: row.g } : null;
}

/**
 * Moves a generation's checkpoint past events that concern none of its tables, in one statement (no
 * transaction around it, no lock round trip): most events concern few projections. The guard keeps
 * it from ever moving back. Returns how many of `events` (in store order) lay beyond it.
 */
export async function skipPast(dataSource: DataSource, schema: string, events: { checkpoint: Checkpoint }[]): Promise<number> {
  const to = events[events.length - 1]!.checkpoint;
  const table = `${quoteIdent(schema)}.projection_checkpoint`;
  const [moved]: [{ t: string | null; g: string | null }[], number] = await dataSource.query(
    `UPDATE ${table} AS c SET transaction_id = $1, global_position = $2, updated_at = now()
       FROM (SELECT transaction_id, global_position FROM ${table}) AS before
      WHERE c.transaction_id IS NULL OR (c.transaction_id, c.global_position) < ($1::numeric, $2::bigint)
     RETURNING before.transaction_id::text AS t, before.global_position::text AS g`,
    [to.transactionId, to.globalPosition],
  );
  const before = moved[0];
  if (!before) return 0;
  const from = before.t && before.g ? { transactionId: before.t, globalPosition: before.g } : null;
  return from ? events.filter((e) => compareCheckpoints(e.checkpoint, from) > 0).length : events.length;
}

export async function writeCheckpoint(db: EntityManager, checkpoint: Checkpoint): Promise<void> {
  await db.update(ProjectionCheckpoint, 1, {
    transactionId: checkpoint.transactionId,
    globalPosition: checkpoint.globalPosition,
    updatedAt: () => 'now()',
  });
}

export async function lockCheckpoint(db: EntityManager): Promise<Checkpoint | null> {
  const row = await db.findOne(ProjectionCheckpoint, { where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
  return row?.transactionId && row.globalPosition ? { transactionId: row.transactionId, globalPosition: row.globalPosition } : null;
}

/**
 * Inserts a row unless one with the same key is there already (a delivered event applied again
 * changes nothing); true when it inserted.
 */
export async function insertIfAbsent<T extends ObjectLiteral>(
  db: EntityManager,
  entity: EntityTarget<T>,
  values: QueryDeepPartialEntity<T>,
): Promise<boolean> {
  const key = db.connection.getMetadata(entity).primaryColumns.map((c) => c.propertyPath);
  const { raw } = await db.createQueryBuilder().insert().into(entity).values(values).orIgnore().returning(key).execute();
  return (raw as unknown[]).length > 0;
}
