import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { ConcernList } from '#lib/concerns';
import { PG_POOL } from '#lib/core';
import type { Actor } from '#lib/kernel';

/** Something the app tells a person once, until they dismiss it. */
export interface Notice {
  id: string;
  kind: 'concern_closed';
  concernId: string;
  /** Their own account of it, which they may always see. */
  summary: string;
  at: string;
}

/**
 * In-app notices, derived from the records each time they are asked for (nothing to keep in step):
 * the person who raised a concern is told when it has been closed — that it was, not how (the
 * outcome is the DSL's). A dismissed notice stays dismissed.
 */
@Injectable()
export class Notices {
  constructor(
    private readonly concerns: ConcernList,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  async of(actor: Actor): Promise<Notice[]> {
    if (actor.schoolId === null) return [];
    const closed = await this.concerns.closedRaisedBy({ ...actor, schoolId: actor.schoolId });
    if (closed.length === 0) return [];
    const { rows } = await this.pool.query<{ notice_id: string }>('SELECT notice_id FROM notice_dismissals WHERE staff_id = $1', [
      actor.staffId,
    ]);
    const dismissed = new Set(rows.map((r) => r.notice_id));
    return closed
      .map((c): Notice => ({
        id: `concern_closed:${c.concernId}`,
        kind: 'concern_closed',
        concernId: c.concernId,
        summary: c.summary,
        at: c.closedAt,
      }))
      .filter((n) => !dismissed.has(n.id))
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  }

  /** True when it was one of theirs (dismissing twice is fine); false: no such notice for them. */
  async dismiss(actor: Actor, noticeId: string): Promise<boolean> {
    const notice = (await this.of(actor)).find((n) => n.id === noticeId);
    if (!notice) {
      const { rowCount } = await this.pool.query('SELECT 1 FROM notice_dismissals WHERE staff_id = $1 AND notice_id = $2', [
        actor.staffId,
        noticeId,
      ]);
      return (rowCount ?? 0) > 0;
    }
    await this.pool.query('INSERT INTO notice_dismissals (staff_id, notice_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      actor.staffId,
      noticeId,
    ]);
    return true;
  }
}
