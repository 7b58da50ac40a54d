/**
 * A batch's rows in memory: what `needs` asked for is read once (one statement for every table of
 * every projection in the batch), the handlers fold events into these rows, and what changed is
 * written once per table (see batch-sql.ts).
 */
import type { Need, Rows, Table } from './projection.js';
import { q, type EntityClass, type TableShape, valueKey } from './table-shape.js';

interface Entry {
  row: Record<string, unknown>;
  /** Whether the row is in the database: read from it (true), asked for and absent (false), never asked (unknown). */
  stored: boolean | 'unknown';
  present: boolean;
  changed: boolean;
  /** Deleted at some point in the batch (so a row present again replaces what is stored). */
  deletedOnce: boolean;
  /** Written with put: insert or replace whatever is stored. */
  put: boolean;
}

interface Group {
  properties: string[];
  loaded: Set<string>;
  index: Map<string, Set<string>>;
}

/** One read the batch asked for: rows by key or by group (merged per table), or a named query. */
export type ReadRequest =
  | { table: TableState; kind: 'key' | 'group'; properties: string[]; values: unknown[]; covers: () => void }
  | { table: TableState; kind: 'query'; where: (param: (value: unknown, sqlType: string) => string) => string; covers: () => void };

const groupKey = (properties: readonly string[], row: Record<string, unknown>) => properties.map((p) => valueKey(row[p])).join('\u0000');

export class TableState {
  readonly entries = new Map<string, Entry>();
  private readonly askedKeys = new Set<string>();
  private readonly groups = new Map<string, Group>();
  private readonly queries = new Set<string>();
  private readonly requested = new Set<string>();

  constructor(
    readonly shape: TableShape,
    readonly schema: string,
  ) {}

  get qualified(): string {
    return `${q(this.schema)}.${q(this.shape.table)}`;
  }

  private group(properties: string[]): Group {
    const sig = properties.join(',');
    let g = this.groups.get(sig);
    if (!g) {
      g = { properties, loaded: new Set(), index: new Map() };
      for (const [key, e] of this.entries) if (e.present) this.indexInto(g, key, e.row);
      this.groups.set(sig, g);
    }
    return g;
  }

  private indexInto(g: Group, key: string, row: Record<string, unknown>): void {
    const k = groupKey(g.properties, row);
    let set = g.index.get(k);
    if (!set) g.index.set(k, (set = new Set()));
    set.add(key);
  }

  private unindex(key: string, row: Record<string, unknown>): void {
    for (const g of this.groups.values()) g.index.get(groupKey(g.properties, row))?.delete(key);
  }

  private reindex(key: string, row: Record<string, unknown>): void {
    for (const g of this.groups.values()) this.indexInto(g, key, row);
  }

  // ---- reads asked for ----

  requestKey(key: Record<string, unknown>): ReadRequest | null {
    const k = this.shape.keyOf(key);
    if (this.askedKeys.has(k) || this.entries.has(k) || this.requested.has(`k:${k}`)) return null;
    this.requested.add(`k:${k}`);
    return {
      table: this,
      kind: 'key',
      properties: this.shape.primary.map((c) => c.property),
      values: this.shape.primary.map((c) => keyText(key[c.property])),
      covers: () => void this.askedKeys.add(k),
    };
  }

  requestGroup(where: Record<string, unknown>): ReadRequest | null {
    const properties = Object.keys(where).sort();
    const g = this.group(properties);
    const k = groupKey(properties, where);
    const id = `g:${properties.join(',')}:${k}`;
    if (g.loaded.has(k) || this.requested.has(id)) return null;
    this.requested.add(id);
    const covers = () => void g.loaded.add(k);
    if (properties.some((p) => where[p] === null || where[p] === undefined)) {
      // IN (…) never matches NULL: a group with a null part is a query of its own.
      return {
        table: this,
        kind: 'query',
        where: (param) =>
          properties
            .map((p) => {
              const c = this.shape.column(p);
              const v = where[p];
              return v === null || v === undefined ? `t.${q(c.column)} IS NULL` : `t.${q(c.column)} = ${param(keyText(v), c.sqlType)}`;
            })
            .join(' AND '),
        covers,
      };
    }
    return { table: this, kind: 'group', properties, values: properties.map((p) => keyText(where[p])), covers };
  }

  requestQuery(id: string, where: (param: (value: unknown, sqlType: string) => string) => string): ReadRequest | null {
    if (this.queries.has(id) || this.requested.has(`q:${id}`)) return null;
    this.requested.add(`q:${id}`);
    return { table: this, kind: 'query', where, covers: () => void this.queries.add(id) };
  }

  /** A row read from the database; what the batch already holds for that key wins. */
  loaded(row: Record<string, unknown>): void {
    const key = this.shape.keyOf(row);
    this.askedKeys.add(key);
    if (this.entries.has(key)) return;
    this.entries.set(key, { row, stored: true, present: true, changed: false, deletedOnce: false, put: false });
    this.reindex(key, row);
  }

  // ---- the handlers' view ----

  get(key: Record<string, unknown>, peek: boolean): Record<string, unknown> | undefined {
    const k = this.shape.keyOf(key);
    const e = this.entries.get(k);
    if (e) return e.present ? e.row : undefined;
    if (this.askedKeys.has(k) || peek) return undefined;
    throw new Error(`${this.shape.table}: row ${k} read without being asked for in needs()`);
  }

  where(where: Record<string, unknown>, peek: boolean): Record<string, unknown>[] {
    const properties = Object.keys(where).sort();
    const g = this.group(properties);
    const k = groupKey(properties, where);
    if (!g.loaded.has(k) && !peek)
      throw new Error(`${this.shape.table}: rows where ${properties.join(', ')} = ${k} read without being asked for in needs()`);
    const keys = g.index.get(k);
    if (!keys) return [];
    const out: Record<string, unknown>[] = [];
    for (const key of keys) {
      const e = this.entries.get(key);
      if (e?.present) out.push(e.row);
    }
    return out;
  }

  scan(test: (row: Record<string, unknown>) => boolean): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const e of this.entries.values()) if (e.present && test(e.row)) out.push(e.row);
    return out;
  }

  insert(row: Record<string, unknown>): boolean {
    const full = this.shape.complete(row);
    const key = this.shape.keyOf(full);
    const e = this.entries.get(key);
    if (e?.present) return false;
    if (e) {
      e.row = full;
      e.present = true;
      e.changed = true;
    } else {
      this.entries.set(key, {
        row: full,
        stored: this.askedKeys.has(key) ? false : 'unknown',
        present: true,
        changed: true,
        deletedOnce: false,
        put: false,
      });
    }
    this.reindex(key, full);
    return true;
  }

  put(row: Record<string, unknown>): void {
    const full = this.shape.complete(row);
    const key = this.shape.keyOf(full);
    const e = this.entries.get(key);
    if (e?.present) this.unindex(key, e.row);
    this.entries.set(key, {
      row: full,
      stored: e?.stored ?? (this.askedKeys.has(key) ? false : 'unknown'),
      present: true,
      changed: true,
      deletedOnce: e?.deletedOnce ?? false,
      put: true,
    });
    this.reindex(key, full);
  }

  update(key: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> | undefined {
    const row = this.get(key, false);
    if (!row) return undefined;
    const k = this.shape.keyOf(row);
    this.unindex(k, row);
    Object.assign(row, patch);
    this.reindex(k, row);
    this.entries.get(k)!.changed = true;
    return row;
  }

  delete(key: Record<string, unknown>): void {
    const k = this.shape.keyOf(key);
    const e = this.entries.get(k);
    if (!e?.present) return;
    this.unindex(k, e.row);
    e.present = false;
    e.changed = true;
    e.deletedOnce = true;
  }

  /** What to write: rows to delete, update, insert (new, or maybe stored) and upsert. */
  changes(): {
    deletes: Record<string, unknown>[];
    updates: Record<string, unknown>[];
    inserts: Record<string, unknown>[];
    maybeInserts: Record<string, unknown>[];
    upserts: Record<string, unknown>[];
  } {
    const out = { deletes: [], updates: [], inserts: [], maybeInserts: [], upserts: [] } as ReturnType<TableState['changes']>;
    for (const e of this.entries.values()) {
      if (!e.changed) continue;
      if (!e.present) {
        if (e.stored !== false) out.deletes.push(e.row);
      } else if (e.put || (e.deletedOnce && e.stored !== false)) out.upserts.push(e.row);
      else if (e.stored === true) out.updates.push(e.row);
      else if (e.stored === false) out.inserts.push(e.row);
      else out.maybeInserts.push(e.row);
    }
    return out;
  }

  /** Whether a row the batch inserted on the belief that none was stored. */
  isMaybeInsert(key: string): boolean {
    const e = this.entries.get(key);
    return e !== undefined && e.present && e.changed && e.stored === 'unknown' && !e.put && !e.deletedOnce;
  }

  hasChanges(): boolean {
    for (const e of this.entries.values()) if (e.changed) return true;
    return false;
  }
}

function keyText(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

/** The rows of one projection's generation within one batch. */
export class UnitOfWork implements Rows {
  readonly tables = new Map<EntityClass, TableState>();
  /** Reads asked for and not yet made. */
  pending: ReadRequest[] = [];

  constructor(
    readonly schema: string,
    private readonly shapes: ReadonlyMap<EntityClass, TableShape>,
  ) {}

  state(entity: EntityClass): TableState {
    let t = this.tables.get(entity);
    if (!t) {
      const shape = this.shapes.get(entity);
      if (!shape) throw new Error(`${entity.name} is not one of the projection's entities`);
      this.tables.set(entity, (t = new TableState(shape, this.schema)));
    }
    return t;
  }

  of<T extends object>(entity: EntityClass<T>): Table<T> {
    return this.view(entity, false) as Table<T>;
  }

  private view(entity: EntityClass, peek: boolean): Table<Record<string, unknown>> {
    const t = this.state(entity);
    return {
      get: (key) => t.get(key, peek),
      where: (where) => t.where(where, peek),
      scan: (test) => t.scan(test),
      insert: (row) => t.insert(row),
      put: (row) => t.put(row),
      update: (key, patch) => t.update(key, patch),
      delete: (key) => t.delete(key),
    };
  }

  /** The `need` handed to `needs()`: queues reads not made yet; `peek` reads what is loaded without throwing. */
  readonly need: Need = {
    key: (entity, key) => this.queue(this.state(entity).requestKey(key as Record<string, unknown>)),
    where: (entity, where) => this.queue(this.state(entity).requestGroup(where as Record<string, unknown>)),
    query: (entity, id, where) => this.queue(this.state(entity).requestQuery(id, where)),
    peek: { of: <T extends object>(entity: EntityClass<T>) => this.view(entity, true) as Table<T> },
  };

  private queue(request: ReadRequest | null): void {
    if (request) this.pending.push(request);
  }

  hasChanges(): boolean {
    for (const t of this.tables.values()) if (t.hasChanges()) return true;
    return false;
  }
}
