import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so a value hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export interface HashedContent {
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
}

/** The hash of an event: its content chained to the hash of the previous event of its stream. */
export function eventHash(content: HashedContent, previousHash: string | null): string {
  return createHash('sha256')
    .update(previousHash ?? '')
    .update('\n')
    .update(canonicalJson(content))
    .digest('hex');
}
