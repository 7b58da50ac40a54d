import type pg from 'pg';
import { quoteIdent } from '#lib/read-models';

/** One md5 per table of a generation (checkpoint excluded): every row, in a total order, as text. */
export async function checksums(pool: pg.Pool, schema: string): Promise<Record<string, { rows: number; md5: string }>> {
  const { rows: tables } = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'projection_checkpoint' ORDER BY table_name`,
    [schema],
  );
  const result: Record<string, { rows: number; md5: string }> = {};
  for (const { table_name } of tables) {
    const { rows } = await pool.query<{ n: number; md5: string | null }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${quoteIdent(schema)}.${quoteIdent(table_name)} t`,
    );
    result[table_name] = { rows: rows[0]!.n, md5: rows[0]!.md5! };
  }
  return result;
}
