import { CsvError, parse } from 'csv-parse/sync';
import { invalidInput } from '#lib/core';

/** One data row of the file: its number as a spreadsheet shows it (the header is row 1) and its cells by field. */
export interface ImportRow<F extends string> {
  row: number;
  cells: Record<F, string>;
}

/**
 * The header names each field goes by in SIMS, Arbor and Bromcom exports (compared without case,
 * spaces or punctuation), in order of preference: a file with both a legal and a preferred forename
 * gives the legal one, which is the name other agencies know the child by.
 */
export type ColumnAliases<F extends string> = Record<F, readonly string[]>;

const normalise = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Reads a CSV export (first row: headers) into rows of named fields. `mapping` (field → header, as
 * written in the file) overrides the recognised names. A field is '' when its column is absent or
 * the row is short. Malformed CSV, a mapping to a header the file lacks or a required field with no
 * column is a 400 naming it; nothing is stored.
 */
export function readTable<F extends string>(
  text: string,
  aliases: ColumnAliases<F>,
  options: { required: readonly F[]; mapping?: Partial<Record<string, string>> },
): { columns: Partial<Record<F, string>>; rows: ImportRow<F>[] } {
  let records: { record: string[]; info: { records: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    if (err instanceof CsvError) throw invalidInput([{ field: 'body', message: `not readable as CSV: ${err.message}` }]);
    throw err;
  }
  const [header, ...data] = records;
  if (header === undefined) throw invalidInput([{ field: 'body', message: 'the file is empty: the first row must name the columns' }]);
  const headers = header.record;
  const fields = Object.keys(aliases) as F[];
  const errors: { field: string; message: string }[] = [];
  for (const field of Object.keys(options.mapping ?? {})) {
    if (!fields.includes(field as F))
      errors.push({ field: `mapping.${field}`, message: `not a field of this import (${fields.join(', ')})` });
  }
  const index: Partial<Record<F, number>> = {};
  for (const field of fields) {
    const mapped = options.mapping?.[field];
    if (mapped !== undefined) {
      const at = headers.findIndex((h) => normalise(h) === normalise(mapped));
      if (at < 0) errors.push({ field: `mapping.${field}`, message: `the file has no column "${mapped}"` });
      else index[field] = at;
      continue;
    }
    for (const alias of aliases[field]) {
      const at = headers.findIndex((h) => normalise(h) === alias);
      if (at >= 0) {
        index[field] = at;
        break;
      }
    }
  }
  for (const field of options.required) {
    if (index[field] === undefined && options.mapping?.[field] === undefined) {
      errors.push({ field: `mapping.${field}`, message: `no column recognised for ${field}: name it in mapping` });
    }
  }
  if (errors.length > 0) throw invalidInput(errors);
  const columns = Object.fromEntries(Object.entries(index).map(([f, i]) => [f, headers[i as number]])) as Partial<Record<F, string>>;
  const rows = data.map(({ record, info }) => ({
    row: info.records,
    cells: Object.fromEntries(fields.map((f) => [f, index[f] === undefined ? '' : (record[index[f]] ?? '')])) as Record<F, string>,
  }));
  return { columns, rows };
}
