import { Inject, Injectable, Optional } from '@nestjs/common';
import { filter, interval, map, merge, type Observable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { hasRole, type Actor } from '#lib/kernel';
import { Accounts, schoolInScope } from '#lib/auth';
import { type CommandContext, CommandRunner, decodeCursor, DEFAULT_PAGE_SIZE, invalidInput, notFound, type Page, pageOf } from '#lib/core';
import { readerOf, ReadModels, type ReadScope } from '#lib/read-models';
import { alertLifecycleDecider, alertStream } from './domain/alert-lifecycle.js';
import type { AlertStatus } from './alert-vocabulary.js';
import { ALERTS_PROJECTION } from './alerts.projection.js';
import { findAlert, inScope, pageAlerts, toAlertView, type AlertRow, type AlertScope, type AlertView } from './alerts.queries.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const HEARTBEAT_MS = 15_000;

/** Shaped like the browser's MessageEvent, as NestJS's @Sse() expects. */
export interface AlertStreamMessage {
  type: 'alert' | 'heartbeat';
  id?: string;
  data: AlertView | string;
}

/**
 * Who the subjects of alerts are, by name: the pupils' and staff's directories belong to their
 * features, which the inbox does not know; the platform provides this (ALERT_SUBJECT_NAMES). The
 * inbox reads the directories together with its alerts (one setup for the request's reads).
 */
export interface AlertSubjectNames {
  /** The read models the names are in. */
  readonly readModels: readonly string[];
  /** By id, on a `db` that reads `readModels`. */
  pupils(db: EntityManager, pupilIds: string[]): Promise<Map<string, string>>;
  staff(db: EntityManager, staffIds: string[]): Promise<Map<string, string>>;
}

export const ALERT_SUBJECT_NAMES = Symbol('ALERT_SUBJECT_NAMES');

/** The DSL inbox: reads from the alerts projection, lifecycle commands onto `alert-<id>`. */
@Injectable()
export class Alerts {
  constructor(
    private readonly readModels: ReadModels,
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
    @Optional() @Inject(ALERT_SUBJECT_NAMES) private readonly names: AlertSubjectNames | null = null,
  ) {}

  /** The inbox's schools: the actor's school (or one of the trust for auditors); every school of the trust for its safeguarding lead. */
  async scope(actor: Actor, requestedSchool?: string): Promise<AlertScope> {
    const schoolIds =
      actor.schoolId === null && hasRole(actor, 'trust_safeguarding_lead')
        ? await this.trustSchools(actor, requestedSchool)
        : [await schoolInScope(actor, requestedSchool, this.accounts)];
    return { schoolIds, roles: actor.roles, staffId: actor.staffId };
  }

  private async trustSchools(actor: Actor, requested: string | undefined): Promise<string[]> {
    const schools = (await this.accounts.schoolsOfTrust(actor.trustId)).map((s) => s.id);
    if (requested === undefined) return schools;
    if (!schools.includes(requested)) throw notFound('school');
    return [requested];
  }

  /** A page of the inbox, newest first (see pageAlerts). */
  async list(actor: Actor, query: { status?: AlertStatus; schoolId?: string; cursor?: string; limit?: number }): Promise<Page<AlertView>> {
    const scope = await this.scope(actor, query.schoolId);
    const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | null;
    if (after && (Number.isNaN(Date.parse(after[0])) || !UUID.test(after[1])))
      throw invalidInput([{ field: 'cursor', message: 'is not a cursor this list gave' }]);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const reader = { schoolIds: scope.schoolIds, reader: readerOf(actor) };
    return this.readModels.read([ALERTS_PROJECTION, ...(this.names?.readModels ?? [])], reader, async (db) => {
      const page = pageOf(await pageAlerts(db, { ...scope, status: query.status, after, limit: limit + 1 }), limit, (a) => [
        a.raisedAt,
        a.id,
      ]);
      return { ...page, items: await namedOn(db, this.names, page.items) };
    });
  }

  acknowledge(id: string, ctx: CommandContext): Promise<{ id: string; version: number }> {
    return this.act(id, ctx, (alertExists, now) => ({
      type: 'AcknowledgeAlert' as const,
      alertId: id,
      alertExists,
      by: ctx.actor.staffId,
      now,
    }));
  }

  resolve(id: string, note: string, ctx: CommandContext): Promise<{ id: string; version: number }> {
    return this.act(id, ctx, (alertExists, now) => ({
      type: 'ResolveAlert' as const,
      alertId: id,
      alertExists,
      note,
      by: ctx.actor.staffId,
      now,
    }));
  }

  /** New and changed alerts of the caller's inbox as they happen, with a heartbeat for proxies. */
  stream(scope: AlertScope): Observable<AlertStreamMessage> {
    const alerts = this.readModels.changes.pipe(
      filter((c) => c.projection === ALERTS_PROJECTION && c.kind === 'alert'),
      map((c) => c.payload as AlertRow),
      filter((row) => inScope(row, scope)),
      map((row): AlertStreamMessage => ({ type: 'alert', id: row.id, data: toAlertView(row) })),
    );
    const heartbeat = interval(HEARTBEAT_MS).pipe(map((): AlertStreamMessage => ({ type: 'heartbeat', data: '' })));
    return merge(alerts, heartbeat);
  }

  private async act(
    id: string,
    ctx: CommandContext,
    command: (alertExists: boolean, now: string) => Parameters<typeof alertLifecycleDecider.decide>[0],
  ): Promise<{ id: string; version: number }> {
    const actor = ctx.actor;
    // Only the alert's audience in its own school (or, for the trust's safeguarding lead, their trust) may act; to anyone else it does not exist.
    if (!UUID.test(id) || (!actor.schoolId && !hasRole(actor, 'trust_safeguarding_lead'))) throw notFound('alert');
    const scope = await this.scope(actor);
    const alert = await this.readModels.read(ALERTS_PROJECTION, { schoolIds: scope.schoolIds, reader: readerOf(actor) }, (db) =>
      findAlert(db, { ...scope, id }),
    );
    if (!alert) throw notFound('alert');
    const result = await this.runner.run({
      streamId: alertStream(id),
      decider: alertLifecycleDecider,
      context: ctx,
      schoolId: alert.schoolId,
      command: (_, now) => command(true, now),
    });
    return { id, version: result.version };
  }
}

/**
 * The pupil and member of staff each alert is about, by name, so the inbox can be triaged without
 * opening every alert. Only names of subjects already in alerts the caller may see, from the
 * school's directory read models. A replay is named from the live directories, as people are named now.
 */
export async function nameAlertSubjects(
  readModels: ReadModels,
  names: AlertSubjectNames | null,
  alerts: AlertView[],
  scope: ReadScope,
): Promise<AlertView[]> {
  if (names === null || !alerts.some((a) => a.subject.pupilId || a.subject.staffId)) return alerts;
  return readModels.read(names.readModels, scope, (db) => namedOn(db, names, alerts));
}

async function namedOn(db: EntityManager, names: AlertSubjectNames | null, alerts: AlertView[]): Promise<AlertView[]> {
  const pupilIds = [...new Set(alerts.flatMap((a) => (a.subject.pupilId ? [a.subject.pupilId] : [])))];
  const staffIds = [...new Set(alerts.flatMap((a) => (a.subject.staffId ? [a.subject.staffId] : [])))];
  if (names === null || (pupilIds.length === 0 && staffIds.length === 0)) return alerts;
  const pupils = pupilIds.length ? await names.pupils(db, pupilIds) : new Map<string, string>();
  const staff = staffIds.length ? await names.staff(db, staffIds) : new Map<string, string>();
  return alerts.map((a) => {
    const pupilName = a.subject.pupilId ? pupils.get(a.subject.pupilId) : undefined;
    const staffName = a.subject.staffId ? staff.get(a.subject.staffId) : undefined;
    return { ...a, subject: { ...a.subject, ...(pupilName ? { pupilName } : {}), ...(staffName ? { staffName } : {}) } };
  });
}
