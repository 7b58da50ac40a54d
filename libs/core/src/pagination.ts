/**
 * Keyset pagination for every list: a page of at most `limit` rows (100 by default) after the
 * `cursor` of the page before, and the next page's address in a `Link: <…>; rel="next"` header
 * (RFC 8288) while there is one. The body stays the list it always was. A cursor is opaque to
 * clients: the sort key of the last row given, base64url of its JSON.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { invalidInput } from './problem-details.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export class PageQueryDto {
  @ApiPropertyOptional({ description: 'Where the previous page ended (from its Link rel="next")' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key a cursor holds, checked against the list's key (`kinds`: one per part); 400 naming `cursor` otherwise. */
export function decodeCursor(cursor: string | undefined, kinds: readonly ('string' | 'number')[]): CursorKey | null {
  if (cursor === undefined || cursor === '') return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== kinds.length || key.some((k, i) => typeof k !== kinds[i])) {
    throw invalidInput([{ field: 'cursor', message: 'is not a cursor this list gave' }]);
  }
  return key as CursorKey;
}

export interface Page<T> {
  items: T[];
  /** The cursor of the next page, or null on the last. */
  next: string | null;
}

/** A page from rows read one beyond the limit (`rows` in the list's order). */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: encodeCursor(keyOf(items[items.length - 1]!)) };
}

/** The rows after `after` in a list already sorted by `compare` of keys (lists kept in memory). */
export function pageInMemory<T>(
  sorted: T[],
  query: { cursor?: string; limit?: number },
  kinds: readonly ('string' | 'number')[],
  keyOf: (row: T) => CursorKey,
  compare: (a: CursorKey, b: CursorKey) => number,
): Page<T> {
  const after = decodeCursor(query.cursor, kinds);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const from = after === null ? 0 : sorted.findIndex((row) => compare(keyOf(row), after) > 0);
  return pageOf(from < 0 ? [] : sorted.slice(from, from + limit + 1), limit, keyOf);
}

/** Sets `Link: <url with cursor>; rel="next"` on the response when there is a next page. */
export function linkNext(
  req: { originalUrl: string },
  res: { setHeader(name: string, value: string): unknown },
  next: string | null,
): void {
  if (next === null) return;
  const url = new URL(req.originalUrl, 'http://local');
  url.searchParams.set('cursor', next);
  res.setHeader('Link', `<${url.pathname}${url.search}>; rel="next"`);
}
