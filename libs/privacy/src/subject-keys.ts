import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { RuleViolation } from '#lib/kernel';
import type { Migration } from '#lib/event-store';

/**
 * Subject ids are text, not uuid: a stream written before it had a known subject is keyed by its own
 * stream id. An erased subject keeps its row (erased_at) with no key, so nothing new is written for it.
 */
export const PRIVACY_MIGRATIONS: Migration[] = [
  {
    version: 901,
    name: 'subject keys and the subject of each stream',
    sql: `
      CREATE TABLE subject_keys (
        subject_id text PRIMARY KEY,
        wrapped_key bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CONSTRAINT subject_keys_erased_has_no_key CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
      );
      CREATE TABLE stream_subjects (
        stream_id text PRIMARY KEY,
        subject_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX stream_subjects_subject ON stream_subjects (subject_id);
    `,
  },
];

/** Refused: a record about a subject whose key was erased cannot be added to. */
export class SubjectErasedError extends RuleViolation {
  constructor(readonly subjectId: string) {
    super('privacy.subject_erased', 'This person has been erased; nothing more can be recorded about them.');
  }
}

export type KeyLookup = Buffer | 'erased' | 'missing';

interface Cached {
  key: Buffer | 'erased';
  at: number;
}

export interface SubjectKeysOptions {
  /** Unwrapped keys kept in memory (least recently used go first). */
  cacheSize?: number;
  /** How long a key stays cached: bounds how long another process still reads a subject it erased. */
  cacheTtlMs?: number;
}

const WRAP_IV = 12;
const WRAP_TAG = 16;

/**
 * Per-subject AES-256 data keys, stored wrapped (AES-256-GCM) by the master key. Erasing a subject
 * deletes its wrapped key: every field encrypted under it becomes unreadable for good.
 */
export class SubjectKeys {
  private readonly cache = new Map<string, Cached>();
  private readonly cacheSize: number;
  private readonly cacheTtlMs: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly masterKey: Buffer,
    options: SubjectKeysOptions = {},
  ) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.cacheSize = options.cacheSize ?? 5000;
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
  }

  /** The subject's data key, created on first use. Throws SubjectErasedError once erased. */
  async keyFor(subjectId: string): Promise<Buffer> {
    const cached = this.fromCache(subjectId);
    if (cached === 'erased') throw new SubjectErasedError(subjectId);
    if (cached) return cached;
    const fresh = randomBytes(32);
    // DO UPDATE (a no-op) rather than DO NOTHING so the row is returned even when another writer made it.
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null }>(
      `INSERT INTO subject_keys (subject_id, wrapped_key) VALUES ($1, $2)
       ON CONFLICT (subject_id) DO UPDATE SET subject_id = EXCLUDED.subject_id
       RETURNING wrapped_key`,
      [subjectId, this.wrap(subjectId, fresh)],
    );
    const wrapped = rows[0]!.wrapped_key;
    const key = wrapped === null ? 'erased' : this.unwrap(subjectId, wrapped);
    this.remember(subjectId, key);
    if (key === 'erased') throw new SubjectErasedError(subjectId);
    return key;
  }

  /** The keys of several subjects in one query (for reads): never creates one. */
  async lookup(subjectIds: Iterable<string>): Promise<Map<string, KeyLookup>> {
    const found = new Map<string, KeyLookup>();
    const missing: string[] = [];
    for (const id of new Set(subjectIds)) {
      const cached = this.fromCache(id);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const { rows } = await this.pool.query<{ subject_id: string; wrapped_key: Buffer | null }>(
        'SELECT subject_id, wrapped_key FROM subject_keys WHERE subject_id = ANY($1::text[])',
        [missing],
      );
      for (const r of rows) {
        const key = r.wrapped_key === null ? 'erased' : this.unwrap(r.subject_id, r.wrapped_key);
        this.remember(r.subject_id, key);
        found.set(r.subject_id, key);
      }
      for (const id of missing) if (!found.has(id)) found.set(id, 'missing');
    }
    return found;
  }

  async isErased(subjectId: string): Promise<boolean> {
    return (await this.lookup([subjectId])).get(subjectId) === 'erased';
  }

  /** Deletes the subject's key (keeping when it was erased), even if it never had one. */
  async erase(subjectId: string, at: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO subject_keys (subject_id, wrapped_key, erased_at) VALUES ($1, NULL, $2)
       ON CONFLICT (subject_id) DO UPDATE SET wrapped_key = NULL, erased_at = COALESCE(subject_keys.erased_at, EXCLUDED.erased_at)`,
      [subjectId, at],
    );
    this.remember(subjectId, 'erased');
    // The old row version still holds the wrapped key until vacuumed; the table is small.
    await this.pool.query('VACUUM subject_keys').catch(() => undefined);
  }

  private wrap(subjectId: string, key: Buffer): Buffer {
    const iv = randomBytes(WRAP_IV);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(`subject-key\u0000${subjectId}`, 'utf8'));
    const ct = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]);
  }

  /** Throws when the wrapped key was altered, belongs to another subject, or the master key is wrong. */
  private unwrap(subjectId: string, wrapped: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, wrapped.subarray(0, WRAP_IV), { authTagLength: WRAP_TAG });
    decipher.setAAD(Buffer.from(`subject-key\u0000${subjectId}`, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(WRAP_IV, WRAP_IV + WRAP_TAG));
    try {
      return Buffer.concat([decipher.update(wrapped.subarray(WRAP_IV + WRAP_TAG)), decipher.final()]);
    } catch {
      throw new Error(`the data key of subject ${subjectId} does not unwrap: a different MASTER_KEY, or the stored key was altered`);
    }
  }

  private fromCache(subjectId: string): Buffer | 'erased' | undefined {
    const hit = this.cache.get(subjectId);
    if (!hit) return undefined;
    // An erasure is for good; a key may have been erased by another process since it was cached.
    if (hit.key !== 'erased' && Date.now() - hit.at > this.cacheTtlMs) {
      this.cache.delete(subjectId);
      return undefined;
    }
    this.cache.delete(subjectId);
    this.cache.set(subjectId, hit);
    return hit.key;
  }

  private remember(subjectId: string, key: Buffer | 'erased'): void {
    this.cache.delete(subjectId);
    this.cache.set(subjectId, { key, at: Date.now() });
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }
}
