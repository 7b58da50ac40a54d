import type { DataSource, EntityMetadata } from 'typeorm';

/** An entity class whose table a projection writes. */
export type EntityClass<T extends object = object> = new () => T;

/** How one column travels: out as text (cast back in SQL), in as JSON. */
export interface ColumnShape {
  property: string;
  column: string;
  /** The SQL type a text parameter is cast to (`timestamptz`, `text[]`, `numeric(20,0)` …). */
  sqlType: string;
  kind: 'text' | 'date' | 'number' | 'boolean' | 'json' | 'array' | 'exact';
  primary: boolean;
  /** A literal default applied to rows inserted without the property. */
  defaultValue: unknown;
}

/**
 * A projection table as the set-based writer sees it, read from the entity's TypeORM metadata: the
 * entity stays the one description of the table (its migrations are generated from it).
 */
export class TableShape {
  readonly table: string;
  readonly columns: readonly ColumnShape[];
  readonly primary: readonly ColumnShape[];
  readonly rest: readonly ColumnShape[];
  private readonly byProperty: Map<string, ColumnShape>;

  constructor(
    readonly entity: EntityClass,
    metadata: EntityMetadata,
  ) {
    this.table = metadata.tableName;
    this.columns = metadata.columns.map((c): ColumnShape => {
      const type = String(typeof c.type === 'function' ? 'text' : c.type);
      const base = type === 'numeric' && c.precision != null ? `numeric(${c.precision},${c.scale ?? 0})` : type;
      const kind: ColumnShape['kind'] = c.isArray
        ? 'array'
        : type === 'timestamptz' || type === 'timestamp with time zone'
          ? 'date'
          : type === 'integer' || type === 'int' || type === 'smallint'
            ? 'number'
            : type === 'boolean'
              ? 'boolean'
              : type === 'jsonb' || type === 'json'
                ? 'json'
                : type === 'bigint' || type === 'numeric'
                  ? 'exact'
                  : 'text';
      return {
        property: c.propertyName,
        column: c.databaseName,
        sqlType: c.isArray ? `${base}[]` : base,
        kind,
        primary: c.isPrimary,
        defaultValue: typeof c.default === 'function' ? undefined : c.default,
      };
    });
    this.primary = this.columns.filter((c) => c.primary);
    this.rest = this.columns.filter((c) => !c.primary);
    this.byProperty = new Map(this.columns.map((c) => [c.property, c]));
  }

  static of(dataSource: DataSource, entity: EntityClass): TableShape {
    return new TableShape(entity, dataSource.getMetadata(entity));
  }

  column(property: string): ColumnShape {
    const c = this.byProperty.get(property);
    if (!c) throw new Error(`${this.table} has no column for ${property}`);
    return c;
  }

  /** The primary key of a row (or a key-shaped object) as one string. */
  keyOf(row: object): string {
    const r = row as Record<string, unknown>;
    return this.primary.length === 1
      ? valueKey(r[this.primary[0]!.property])
      : this.primary.map((c) => valueKey(r[c.property])).join('\u0000');
  }

  /** What a SELECT of the table returns per row, to be read back by `decode`. */
  selectList(alias: string): string {
    return `json_build_array(${this.columns.map((c) => (c.kind === 'exact' ? `${alias}.${q(c.column)}::text` : `${alias}.${q(c.column)}`)).join(', ')})`;
  }

  decode(values: unknown[]): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i]!;
      const v = values[i];
      row[c.property] = v === null || v === undefined ? null : c.kind === 'date' ? new Date(v as string) : v;
    }
    return row;
  }

  /** A row with the literal defaults of the columns it leaves out (and null for the rest). */
  complete(row: object): Record<string, unknown> {
    const r = { ...(row as Record<string, unknown>) };
    for (const c of this.columns) if (r[c.property] === undefined) r[c.property] = c.defaultValue ?? null;
    return r;
  }

  /**
   * One column of many rows as a text[] parameter, as the array literal itself: the driver sends a
   * string as it is, where an array of strings it would walk and escape once more.
   */
  encodeColumn(rows: readonly Record<string, unknown>[], c: ColumnShape): string {
    let literal = '{';
    for (let i = 0; i < rows.length; i++) {
      const v = encode(rows[i]![c.property], c);
      literal += `${i > 0 ? ',' : ''}${v === null ? 'NULL' : arrayElement(v)}`;
    }
    return `${literal}}`;
  }
}

export function q(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** A value as a key part: equal values give equal strings (dates by instant). */
export function valueKey(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (v === null || v === undefined) return '\u0001null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function encode(v: unknown, c: ColumnShape): string | null {
  if (v === null || v === undefined) return null;
  switch (c.kind) {
    case 'date':
      return v instanceof Date ? v.toISOString() : String(v);
    case 'json':
      return JSON.stringify(v);
    case 'array':
      return arrayLiteral(v as unknown[]);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return String(v);
  }
}

/** A PostgreSQL array literal (`{"a","b \"c\""}`), elements quoted so any text survives. */
export function arrayLiteral(values: readonly unknown[]): string {
  return `{${values
    .map((v) => (v === null || v === undefined ? 'NULL' : arrayElement(v instanceof Date ? v.toISOString() : String(v))))
    .join(',')}}`;
}

const ESCAPED_IN_ELEMENT = /[\\"]/;

/** One element of an array literal: quoted, its backslashes and quotes escaped. */
function arrayElement(text: string): string {
  return ESCAPED_IN_ELEMENT.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : `"${text}"`;
}
