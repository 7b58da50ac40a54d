import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so a value hashes the same after a jsonb round trip.
 * Built in plain loops (it runs for every event appended and verified); the bytes must never change,
 * or stored chains stop verifying (hashing.spec.ts pins them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v: unknown = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return out + '}';
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
