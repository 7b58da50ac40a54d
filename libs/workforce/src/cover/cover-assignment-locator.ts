import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#lib/core';

/**
 * Finds whose cover stream holds an assignment. Cover streams are per member of staff (so the
 * weekly cap is checked under one stream's optimistic concurrency), which means an assignment id
 * alone does not name its stream. Until a read model maps assignments to staff, this asks the
 * `events` table; it is the one place to swap. The school is part of the lookup, so another
 * school's assignment is simply not found.
 */
@Injectable()
export class CoverAssignmentLocator {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async staffOf(assignmentId: string, schoolId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ staff_id: string }>(
      `SELECT data->>'staffId' AS staff_id FROM events
        WHERE type = 'CoverAssigned' AND data->>'assignmentId' = $1 AND metadata->>'schoolId' = $2
        LIMIT 1`,
      [assignmentId, schoolId],
    );
    return rows[0]?.staff_id ?? null;
  }
}
