import { Check, Column, DataSource, Entity, Index, type MigrationInterface, PrimaryColumn, type QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { quoteIdent } from './generations.js';
import { pendingSchemaChanges } from './schema-diff.js';
import { CountsTable1764489600000 } from './testing/counting.projection.js';

/** The counting projection's table as it would be after a change: a column more, a partial index and a check. */
@Entity('counts')
@Index('counts_unfinished', ['lastType'], { where: 'NOT finished' })
@Check('counts_n_check', '"n" >= 0')
class ChangedStreamCount {
  @PrimaryColumn('text')
  streamId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('integer')
  n!: number;

  @Column('text')
  lastType!: string;

  @Column('boolean', { default: false })
  finished!: boolean;
}

const changed = { name: 'counting', entities: [ChangedStreamCount], migrations: [CountsTable1764489600000] };

describe('migrations generated from the entities', () => {
  let db: TestDatabase;
  let admin: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase('schema_diff');
    admin = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  });
  afterAll(async () => {
    await admin.destroy();
    await db.drop();
  });

  /** Runs queries in a schema of their own, as a generation runs its migrations. */
  async function runIn(schema: string, queries: readonly { query: string }[]): Promise<void> {
    await admin.transaction(async (t) => {
      await t.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
      for (const { query } of queries) await t.query(query);
    });
  }

  it('says what the committed migrations lack, unqualified, and its queries close the gap both ways', async () => {
    const sql = await pendingSchemaChanges(db.url, changed);
    const up = sql.upQueries.map((q) => q.query);
    expect(up).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ALTER TABLE "counts" ADD "finished" boolean NOT NULL DEFAULT false/),
        expect.stringMatching(/^CREATE INDEX "counts_unfinished" ON "counts" .*WHERE NOT finished/),
        expect.stringMatching(/^ALTER TABLE "counts" ADD CONSTRAINT "counts_n_check" CHECK \("n" >= 0\)/),
      ]),
    );
    expect([...up, ...sql.downQueries.map((q) => q.query)].join('\n')).not.toContain('rm_scratch_');

    await admin.query('CREATE SCHEMA gen_1');
    await admin.transaction(async (t) => {
      await t.query('SET LOCAL search_path TO gen_1');
      await new CountsTable1764489600000().up(t.queryRunner!);
    });
    await runIn('gen_1', sql.upQueries);
    const shape = (schema: string) =>
      admin.query(
        `SELECT (SELECT array_agg(column_name::text ORDER BY column_name) FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'counts') AS columns,
                (SELECT array_agg(indexdef ORDER BY indexname) FROM pg_indexes WHERE schemaname = $1 AND indexname <> 'counts_pkey') AS indexes`,
        [schema],
      );
    expect(await shape('gen_1')).toEqual([
      {
        columns: ['finished', 'last_type', 'n', 'school_id', 'stream_id'],
        indexes: ['CREATE INDEX counts_unfinished ON gen_1.counts USING btree (last_type) WHERE (NOT finished)'],
      },
    ]);
    await runIn('gen_1', [...sql.downQueries].reverse());
    expect(await shape('gen_1')).toEqual([{ columns: ['last_type', 'n', 'school_id', 'stream_id'], indexes: null }]);
  });

  it('from an empty schema gives the whole table in one migration, after which nothing is pending', async () => {
    const whole = await pendingSchemaChanges(db.url, changed, { fromEmpty: true });
    expect(whole.upQueries[0]!.query).toMatch(
      /^CREATE TABLE "counts" \(.*"finished" boolean NOT NULL DEFAULT false.*CONSTRAINT "counts_pkey" PRIMARY KEY/,
    );
    class Whole implements MigrationInterface {
      async up(q: QueryRunner): Promise<void> {
        for (const { query } of whole.upQueries) await q.query(query);
      }
      async down(q: QueryRunner): Promise<void> {
        for (const { query } of [...whole.downQueries].reverse()) await q.query(query);
      }
    }
    const after = await pendingSchemaChanges(db.url, { ...changed, migrations: [Whole] });
    expect(after.upQueries).toEqual([]);
    // The scratch schemas are gone.
    const scratch: unknown[] = await admin.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm_scratch_%'`);
    expect(scratch).toEqual([]);
  });
});
