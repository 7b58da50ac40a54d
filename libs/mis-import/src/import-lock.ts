import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#lib/core';

/**
 * One import at a time per school and kind: two imports of one file at once would each find the
 * pupils missing and create them twice. A PostgreSQL advisory lock, so it holds across processes.
 */
@Injectable()
export class ImportLock {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async holding<T>(key: string, work: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`mis-import:${key}`]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`mis-import:${key}`]);
      }
    } finally {
      client.release();
    }
  }
}

/** Runs `work` on every item, `width` at a time (appends to different streams do not wait on each other). */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
