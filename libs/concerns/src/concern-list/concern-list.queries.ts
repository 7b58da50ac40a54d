import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { hasRole, type Actor } from '#lib/kernel';
import { ConcernListRow } from './concern-list.entities.js';

/**
 * concernAccess (../concern-access.ts) as a SQL condition on the list's rows: the rows it would not
 * answer `none` for, so a page holds `limit` rows the actor may see. The route applies
 * concernAccess to each row again to shape it (and drops any it refuses): two guards, either
 * enough, with row-level security beneath both.
 */
function mayRead(q: SelectQueryBuilder<ConcernListRow>, actor: Actor): SelectQueryBuilder<ConcernListRow> {
  let byRole: string;
  if (actor.schoolId === null) {
    byRole = hasRole(actor, 'trust_auditor')
      ? 'TRUE'
      : hasRole(actor, 'trust_safeguarding_lead')
        ? `c.routed_to = 'trust_safeguarding_lead'`
        : 'FALSE';
  } else {
    const lead = hasRole(actor, 'dsl', 'deputy_dsl', 'headteacher');
    const head = hasRole(actor, 'headteacher');
    byRole = `c.school_id = :ownSchool AND (c.raised_by = :me OR (c.about_adult IS NULL AND ${lead ? 'TRUE' : 'FALSE'})
                OR (c.about_adult IS NOT NULL AND c.routed_to = 'headteacher' AND ${head ? 'TRUE' : 'FALSE'}))`;
  }
  // The adult a concern is about never learns of it, unless they raised it themself.
  return q.andWhere(`((c.about_staff_id = :me AND c.raised_by = :me) OR (c.about_staff_id IS DISTINCT FROM :me AND (${byRole})))`, {
    me: actor.staffId,
    ownSchool: actor.schoolId,
  });
}

/** Where a page starts: after the concern raised at `raisedAt` with this id (newest first, then by id). */
export interface ConcernListAfter {
  raisedAt: string;
  concernId: string;
}

/** Up to `limit` concerns of these schools the actor may read, newest first, then by id (descending). */
export async function concernPage(
  db: EntityManager,
  actor: Actor,
  schoolIds: readonly string[],
  after: ConcernListAfter | null,
  limit: number,
): Promise<ConcernListRow[]> {
  const q = db.createQueryBuilder(ConcernListRow, 'c').where('c.school_id = ANY (:schoolIds)', { schoolIds: [...schoolIds] });
  mayRead(q, actor);
  if (after !== null)
    q.andWhere('(c.raised_at, c.concern_id) < (:afterAt::timestamptz, :afterId)', { afterAt: after.raisedAt, afterId: after.concernId });
  return q.orderBy('c.raisedAt', 'DESC').addOrderBy('c.concernId', 'DESC').limit(limit).getMany();
}

/** The concerns this member of staff raised that now stand closed (their notices). */
export async function closedRaisedBy(db: EntityManager, actor: Actor, schoolId: string): Promise<ConcernListRow[]> {
  return db
    .createQueryBuilder(ConcernListRow, 'c')
    .where('c.school_id = :schoolId AND c.raised_by = :me AND c.status = :closed', { schoolId, me: actor.staffId, closed: 'closed' })
    .getMany();
}
