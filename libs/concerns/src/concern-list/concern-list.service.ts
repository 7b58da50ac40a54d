import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Accounts, schoolInScope } from '#lib/auth';
import { CommandRunner, decodeCursor, DEFAULT_PAGE_SIZE, forbidden, notFound, pageOf, type Page } from '#lib/core';
import { hasRole, toIso, type Actor } from '#lib/kernel';
import { PupilDirectory } from '#lib/pupils';
import { readerOf, ReadModels } from '#lib/read-models';
import { concernAccess, type ConcernAccess } from '../concern-access.js';
import { adultOf } from '../concern-adult.js';
import { concernListItem } from '../concern-views.js';
import type { ConcernListRow } from './concern-list.entities.js';
import { CONCERN_LIST } from './concern-list.projection.js';
import { closedRaisedBy, concernPage } from './concern-list.queries.js';

/**
 * How long a read waits for the concern list to take in every event stored before it (then 503):
 * the list is read from its projection, and whoever has just raised a concern must find it there.
 */
export const READ_YOUR_WRITES_MS = 30_000;

type ListItem = ReturnType<typeof concernListItem> & { adult?: Awaited<ReturnType<typeof adultOf>>; schoolId?: string };

/**
 * `GET /api/concerns` from the `concern-list` read model: a page in SQL (keyset, newest first), only
 * the rows the actor may read (the access rule in the query, the subject rule in row-level security),
 * after the projection has caught up with the store as of the request.
 */
@Injectable()
export class ConcernList {
  constructor(
    private readonly readModels: ReadModels,
    private readonly accounts: Accounts,
    private readonly pupils: PupilDirectory,
    private readonly runner: CommandRunner,
  ) {}

  async page(actor: Actor, query: { schoolId?: string; cursor?: string; limit?: number }): Promise<Page<ListItem>> {
    if (actor.schoolId === null && !hasRole(actor, 'trust_auditor', 'trust_safeguarding_lead'))
      throw forbidden('Trust administrators do not read concerns');
    const schoolIds = await this.schoolsToList(actor, query.schoolId);
    const cursor = decodeCursor(query.cursor, ['string', 'string']);
    const after = cursor === null ? null : { raisedAt: String(cursor[0]), concernId: String(cursor[1]) };
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.read(actor, schoolIds, (db) => concernPage(db, actor, schoolIds, after, limit + 1));
    const place = (row: ConcernListRow) => ({ schoolId: row.schoolId, inActorsTrust: actor.schoolId === null });
    const visible = rows
      .map((row) => ({ row, access: concernAccess(actor, row, place(row)) }))
      .filter((c): c is { row: ConcernListRow; access: Exclude<ConcernAccess, 'none'> } => c.access !== 'none');
    const names = new Map<string, string | null>();
    for (const schoolId of new Set(visible.slice(0, limit).map((c) => c.row.schoolId))) {
      for (const p of await this.pupils.search(actor, schoolId)) names.set(p.id, p.fullName);
    }
    const items: (ListItem & { key: [string, string] })[] = [];
    for (const { row, access } of visible) {
      const pupils = row.pupilIds.map((id) => ({ id, fullName: names.get(id) ?? null }));
      const item: ListItem = {
        ...concernListItem(access, row, pupils),
        ...(row.aboutAdult ? { adult: await adultOf(this.runner, row.aboutAdult) } : {}),
      };
      items.push({ ...(access === 'raiser' ? item : { ...item, schoolId: row.schoolId }), key: [toIso(row.raisedAt), row.concernId] });
    }
    const page = pageOf(items, limit, (i) => i.key);
    return { items: page.items.map(({ key: _key, ...item }) => item), next: page.next };
  }

  /** The concerns this member of staff raised that stand closed (for their notices). */
  async closedRaisedBy(actor: Actor & { schoolId: string }): Promise<{ concernId: string; summary: string; closedAt: string }[]> {
    const rows = await this.read(actor, [actor.schoolId], (db) => closedRaisedBy(db, actor, actor.schoolId));
    return rows.map((r) => ({ concernId: r.concernId, summary: r.summary, closedAt: r.closedAt! }));
  }

  private async read<T>(actor: Actor, schoolIds: readonly string[], query: (db: EntityManager) => Promise<T>): Promise<T> {
    // Read-your-writes: everything stored before this request is in the list before it is read.
    await this.readModels.caughtUp(CONCERN_LIST, READ_YOUR_WRITES_MS);
    return this.readModels.read(CONCERN_LIST, { schoolIds, trustId: actor.trustId, reader: readerOf(actor) }, query);
  }

  /** The trust's safeguarding lead manages concerns in any school of the trust; everyone else reads one school. */
  private async schoolsToList(actor: Actor, requested: string | undefined): Promise<string[]> {
    if (!hasRole(actor, 'trust_safeguarding_lead') || actor.schoolId !== null)
      return [await schoolInScope(actor, requested, this.accounts)];
    const schools = (await this.accounts.schoolsOfTrust(actor.trustId)).map((s) => s.id);
    if (requested === undefined) return schools;
    if (!schools.includes(requested)) throw notFound('school');
    return [requested];
  }
}
