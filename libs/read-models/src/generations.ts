import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Checkpoint } from '#lib/event-store';
import { ProjectionCheckpointTable1764489600000, READER_ROLE } from './migrations.js';
import type { Projection, ReadScope } from './projection.js';

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
const RECEIVED_PUPILS_SETTING = 'safeguarding.received_pupil_ids';

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
 * The one exception, for a table that carries who raised the concern (`raised_by`): its raiser
 * always sees their own account, whoever it is about (a self-report, or a concern about an adult
 * that only the case manager handles).
 */
const RAISER_COLUMN = 'raised_by';
const RAISER_RULE = `${RAISER_COLUMN} = nullif(current_setting('${READER_SETTING}', true), '')`;

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
    const tableOf = (entity: Projection['readable'][number]) => dataSource.getMetadata(entity).tableName;
    await secureForReaders(q, schema, projection.readable.map(tableOf), (projection.transferable ?? []).map(tableOf));
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
async function secureForReaders(q: QueryRunner, schema: string, readable: string[], transferable: string[]): Promise<void> {
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
    [schema, [...Object.keys(SUBJECT_RULES), RAISER_COLUMN]],
  );
  const s = quoteIdent(schema);
  await q.query(`GRANT USAGE ON SCHEMA ${s} TO ${READER_ROLE}`);
  for (const { table_name, scoped_by, subject_columns } of tables) {
    const table = `${s}.${quoteIdent(table_name)}`;
    await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
    if (!readable.includes(table_name)) continue;
    if (scoped_by === null) throw new Error(`${schema}.${table_name} is readable but has neither school_id nor trust_id`);
    const ownScope =
      scoped_by === 'school_id'
        ? `school_id = ANY (string_to_array(current_setting('${SCHOOLS_SETTING}', true), ','))`
        : `trust_id = current_setting('${TRUST_SETTING}', true)`;
    // A received child protection file: the pupil's rows, never those a case manager keeps (an
    // allegation about an adult stays with the school that employs them).
    const received = `(pupil_id = ANY (string_to_array(current_setting('${RECEIVED_PUPILS_SETTING}', true), ','))${
      subject_columns.includes('case_manager') ? ' AND case_manager IS NULL' : ''
    })`;
    const scope = transferable.includes(table_name) ? `(${ownScope} OR ${received})` : ownScope;
    const subject = subject_columns.filter((c) => c !== RAISER_COLUMN).map((c) => SUBJECT_RULES[c]!);
    const raiserKept = subject.length > 0 && subject_columns.includes(RAISER_COLUMN);
    const rule = [scope, ...(raiserKept ? [`(${RAISER_RULE} OR (${subject.join(' AND ')}))`] : subject)].join(' AND ');
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
 * Runs `fn` in one transaction whose unqualified table names are the generation's (or, given several,
 * those of the first generation that has the table). A reader's transaction is read-only and acts as
 * the reader role with its scope set, so row-level security holds whatever the query asks for. (It
 * guards against a query's mistakes; SQL a query could inject could still RESET ROLE.)
 */
export async function inGeneration<T>(
  dataSource: DataSource,
  generation: string | readonly string[] | ((db: EntityManager) => Promise<string>),
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
    const schemas =
      typeof generation === 'function' ? [await generation(q.manager)] : typeof generation === 'string' ? [generation] : generation;
    await q.query(`SET LOCAL search_path TO ${searchPath(schemas)}`);
    if (reader && reader !== 'platform-job') {
      await q.query(
        `SELECT set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true), set_config($7, $8, true), set_config($9, $10, true)`,
        [
          SCHOOLS_SETTING,
          reader.schoolIds.join(','),
          TRUST_SETTING,
          reader.trustId ?? '',
          READER_SETTING,
          reader.reader.staffId,
          CASE_ROLES_SETTING,
          reader.reader.caseManagerRoles.join(','),
          RECEIVED_PUPILS_SETTING,
          (reader.receivedPupilIds ?? []).join(','),
        ],
      );
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

function searchPath(schemas: readonly string[]): string {
  if (schemas.length === 0) throw new Error('a read names at least one generation');
  return schemas.map(quoteIdent).join(', ');
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
 * What each connection of the readers' pool was last set up for by readAs (generations and scope),
 * so that a read set up exactly as the one before on that connection does not send the setup again.
 */
const setUpFor = new WeakMap<object, string>();

/**
 * A reader's query with at most one round trip of setup: on a connection of the readers' pool (which
 * acts as the reader role, read-only, from the start), one statement sets the generations and the
 * reader's scope for the session, then the query runs. Every read sets all of them, so nothing of one
 * reader lingers for the next on the same connection — unless the connection is already set up for
 * exactly these generations and this scope (readAs is the only thing that sets up the readers'
 * connections), when the statement is skipped. `generation`: schemas, or projections' names whose live
 * schemas the registry names (processes that only read follow the projector's swaps: looked up on
 * every read, in the setup statement). With several, an unqualified table is the first one's that has it.
 */
export async function readAs<T>(
  readers: DataSource,
  generation: { schemas: readonly string[] } | { registered: readonly string[] },
  fn: (db: EntityManager) => Promise<T>,
  scope: ReadScope,
): Promise<T> {
  const q = readers.createQueryRunner();
  let connection: object | undefined;
  try {
    connection = (await q.connect()) as object;
    const settings = [
      scope.schoolIds.join(','),
      scope.trustId ?? '',
      scope.reader.staffId,
      scope.reader.caseManagerRoles.join(','),
      (scope.receivedPupilIds ?? []).join(','),
    ];
    const path = 'schemas' in generation ? searchPath(generation.schemas) : null;
    const key = path === null ? null : JSON.stringify([path, ...settings]);
    if (key === null || setUpFor.get(connection) !== key) {
      setUpFor.delete(connection);
      // The registry's live schemas in the order asked for, or '' unless every one is built.
      const pathOf =
        path === null
          ? `coalesce((SELECT string_agg(quote_ident(live_schema), ', ' ORDER BY array_position($6::text[], name)) FROM public.read_model_registry
                        WHERE name = ANY ($6::text[]) HAVING count(*) = cardinality($6::text[])), '')`
          : '$6';
      const [set]: { path: string }[] = await q.query(
        `SELECT set_config('search_path', ${pathOf}, false) AS path, set_config('${SCHOOLS_SETTING}', $1, false),
                set_config('${TRUST_SETTING}', $2, false), set_config('${READER_SETTING}', $3, false), set_config('${CASE_ROLES_SETTING}', $4, false),
                set_config('${RECEIVED_PUPILS_SETTING}', $5, false)`,
        [...settings, 'schemas' in generation ? path : generation.registered],
      );
      if (set!.path === '') throw new ReadModelNotBuilt('registered' in generation ? generation.registered.join(', ') : '');
      if (key !== null) setUpFor.set(connection, key);
    }
    return await fn(q.manager);
  } catch (err) {
    // Whatever failed, the next read on this connection sets it up again.
    if (connection) setUpFor.delete(connection);
    throw err;
  } finally {
    await q.release();
  }
}

/** The projection has no live generation yet (a process that only reads started before the projector). */
export class ReadModelNotBuilt extends Error {
  constructor(readonly projection: string) {
    super(`The ${projection} read model is not built yet`);
  }
}
