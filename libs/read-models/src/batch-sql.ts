/**
 * The two statements a batch costs, whatever its size and however many projections it feeds:
 * one read (every table's rows the batch asked for, and unknown checkpoints) and one write (every
 * table's inserts, updates and deletes, as `unnest` of one text[] per column, and each
 * generation's checkpoint). The write moves each checkpoint only from where the batch read it
 * (compare-and-set), and each generation's rows change only if its checkpoint moved: a writer that
 * lost a race changes nothing and applies the batch again on fresh rows.
 */
import { createHash } from 'node:crypto';
import type { Checkpoint } from '#lib/event-store';
import { q, type ColumnShape, type TableShape } from './table-shape.js';
import type { ReadRequest, TableState, UnitOfWork } from './unit-of-work.js';

export interface Statement {
  name: string;
  text: string;
  values: unknown[];
}

/** Prepared once per connection, by a name drawn from its text. */
export function statement(text: string, values: unknown[]): Statement {
  return { name: `rm_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values };
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown, sqlType: string): string {
    this.values.push(value);
    return `$${this.values.length}::${sqlType}`;
  }
}

const columnList = (columns: readonly ColumnShape[]) => columns.map((c) => q(c.column)).join(', ');

/** What one column of a read returns: one JSON array per row (see TableShape.selectList). */
export interface ReadPart {
  column: string;
  table: TableState;
  covers: (() => void)[];
}

export function readStatement(
  requests: readonly ReadRequest[],
  checkpoints: readonly string[],
): { statement: Statement; parts: ReadPart[]; checkpointColumns: string[] } {
  const params = new Params();
  const selects: string[] = [];
  const parts: ReadPart[] = [];
  // Keys and groups of one table are merged into one lookup each.
  const merged = new Map<string, { table: TableState; properties: string[]; rows: unknown[][]; covers: (() => void)[] }>();
  for (const r of requests) {
    if (r.kind === 'query') {
      const column = `r${parts.length}`;
      selects.push(
        `(SELECT coalesce(json_agg(${r.table.shape.selectList('t')}), '[]'::json) FROM ${r.table.qualified} t WHERE ${r.where((v, type) => params.add(v, type))}) AS ${column}`,
      );
      parts.push({ column, table: r.table, covers: [r.covers] });
      continue;
    }
    const sig = `${r.table.qualified}|${r.properties.join(',')}`;
    let m = merged.get(sig);
    if (!m) merged.set(sig, (m = { table: r.table, properties: r.properties, rows: [], covers: [] }));
    m.rows.push(r.values);
    m.covers.push(r.covers);
  }
  for (const m of merged.values()) {
    const columns = m.properties.map((p) => m.table.shape.column(p));
    const arrays = columns.map((c, i) =>
      params.add(
        m.rows.map((row) => row[i]),
        `${c.sqlType}[]`,
      ),
    );
    const where =
      columns.length === 1
        ? `t.${q(columns[0]!.column)} = ANY(${arrays[0]})`
        : `(${columns.map((c) => `t.${q(c.column)}`).join(', ')}) IN (SELECT * FROM unnest(${arrays.join(', ')}))`;
    const column = `r${parts.length}`;
    selects.push(
      `(SELECT coalesce(json_agg(${m.table.shape.selectList('t')}), '[]'::json) FROM ${m.table.qualified} t WHERE ${where}) AS ${column}`,
    );
    parts.push({ column, table: m.table, covers: m.covers });
  }
  const checkpointColumns = checkpoints.map((schema, i) => {
    selects.push(
      `(SELECT json_build_array(c.transaction_id::text, c.global_position::text) FROM ${q(schema)}.projection_checkpoint c) AS c${i}`,
    );
    return `c${i}`;
  });
  return { statement: statement(`SELECT ${selects.join(',\n ')}`, params.values), parts, checkpointColumns };
}

/** Loads a read's results into the batch's tables. */
export function loadRead(row: Record<string, unknown>, parts: readonly ReadPart[]): void {
  for (const part of parts) {
    for (const values of row[part.column] as unknown[][]) part.table.loaded(part.table.shape.decode(values));
    for (const cover of part.covers) cover();
  }
}

export function checkpointOf(value: unknown): Checkpoint | null {
  const [t, g] = (value as [string | null, string | null] | null) ?? [null, null];
  return t && g ? { transactionId: t, globalPosition: g } : null;
}

/** One generation's part of a write: its checkpoint's move and its rows. */
export interface WritePart {
  schema: string;
  from: Checkpoint | null;
  to: Checkpoint;
  uow: UnitOfWork;
  /** Tables whose maybe-new rows must say whether they were inserted (for conditional announcements). */
  returning: ReadonlySet<TableState>;
}

export interface WriteReturn {
  /** Per part: the checkpoint column (1 when it moved). */
  moved: string;
  inserted: { column: string; table: TableState }[];
}

function unnest(params: Params, shape: TableShape, rows: readonly Record<string, unknown>[], columns: readonly ColumnShape[]): string {
  return `unnest(${columns.map((c) => params.add(shape.encodeColumn(rows, c), 'text[]')).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`;
}

const cast = (columns: readonly ColumnShape[], offset = 0) => columns.map((c, i) => `u.c${i + offset}::${c.sqlType}`).join(', ');

export function writeStatement(parts: readonly WritePart[]): { statement: Statement; returns: WriteReturn[] } | null {
  const params = new Params();
  const ctes: string[] = [];
  const returns: WriteReturn[] = [];
  let n = 0;
  for (const [i, part] of parts.entries()) {
    const moved = `c${i}`;
    ctes.push(
      `${moved} AS (UPDATE ${q(part.schema)}.projection_checkpoint SET transaction_id = ${params.add(part.to.transactionId, 'numeric')}, ` +
        `global_position = ${params.add(part.to.globalPosition, 'bigint')}, updated_at = now() WHERE id = 1 ` +
        `AND transaction_id IS NOT DISTINCT FROM ${params.add(part.from?.transactionId ?? null, 'numeric')} ` +
        `AND global_position IS NOT DISTINCT FROM ${params.add(part.from?.globalPosition ?? null, 'bigint')} RETURNING 1)`,
    );
    const guard = `EXISTS (SELECT 1 FROM ${moved})`;
    const ret: WriteReturn = { moved, inserted: [] };
    for (const table of part.uow.tables.values()) {
      const { deletes, updates, inserts, maybeInserts, upserts } = table.changes();
      const { shape } = table;
      const all = shape.columns;
      const keyMatch = (offset = 0) => shape.primary.map((c, k) => `t.${q(c.column)} = u.c${k + offset}::${c.sqlType}`).join(' AND ');
      if (deletes.length > 0) {
        ctes.push(
          `w${n++} AS (DELETE FROM ${table.qualified} t USING ${unnest(params, shape, deletes, shape.primary)} WHERE ${keyMatch()} AND ${guard})`,
        );
      }
      if (updates.length > 0 && shape.rest.length > 0) {
        const columns = [...shape.primary, ...shape.rest];
        const set = shape.rest.map((c, k) => `${q(c.column)} = u.c${k + shape.primary.length}::${c.sqlType}`).join(', ');
        ctes.push(
          `w${n++} AS (UPDATE ${table.qualified} t SET ${set} FROM ${unnest(params, shape, updates, columns)} WHERE ${keyMatch()} AND ${guard})`,
        );
      }
      const insert = (rows: readonly Record<string, unknown>[], conflict: string, returning: boolean) => {
        const name = `w${n++}`;
        ctes.push(
          `${name} AS (INSERT INTO ${table.qualified} AS t (${columnList(all)}) SELECT ${cast(all)} FROM ${unnest(params, shape, rows, all)} ` +
            `WHERE ${guard} ${conflict}${returning ? ` RETURNING ${shape.selectList('t')} AS k` : ''})`,
        );
        if (returning) ret.inserted.push({ column: name, table });
      };
      if (inserts.length > 0) insert(inserts, '', false);
      if (maybeInserts.length > 0) insert(maybeInserts, 'ON CONFLICT DO NOTHING', part.returning.has(table));
      if (upserts.length > 0) {
        const pk = columnList(shape.primary);
        const update = shape.rest.map((c) => `${q(c.column)} = EXCLUDED.${q(c.column)}`).join(', ');
        insert(upserts, shape.rest.length > 0 ? `ON CONFLICT (${pk}) DO UPDATE SET ${update}` : `ON CONFLICT (${pk}) DO NOTHING`, false);
      }
    }
    returns.push(ret);
  }
  if (ctes.length === 0) return null;
  const outputs = returns.flatMap((r) => [
    `(SELECT count(*)::int FROM ${r.moved}) AS ${r.moved}`,
    ...r.inserted.map((x) => `(SELECT coalesce(json_agg(k), '[]'::json) FROM ${x.column}) AS ${x.column}`),
  ]);
  return { statement: statement(`WITH ${ctes.join(',\n ')}\nSELECT ${outputs.join(', ')}`, params.values), returns };
}
