import { Injectable } from '@nestjs/common';
import { filter, interval, map, merge, type Observable } from 'rxjs';
import type { Actor } from '#lib/kernel';
import { Accounts, schoolInScope } from '#lib/auth';
import { type CommandContext, CommandRunner, notFound } from '#lib/core';
import { ReadModels } from '#lib/read-models';
import { alertLifecycleDecider, alertStream } from './domain/alert-lifecycle.js';
import { DIRECTORY, pupilNames } from '#lib/pupils';
import { STAFF_DIRECTORY, staffNames } from '#lib/workforce';
import type { AlertStatus } from './alert-vocabulary.js';
import { ALERTS_PROJECTION } from './alerts.projection.js';
import { findAlert, inScope, listAlerts, toAlertView, type AlertRow, type AlertScope, type AlertView } from './alerts.queries.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const HEARTBEAT_MS = 15_000;

/** Shaped like the browser's MessageEvent, as NestJS's @Sse() expects. */
export interface AlertStreamMessage {
  type: 'alert' | 'heartbeat';
  id?: string;
  data: AlertView | string;
}

/** The DSL inbox: reads from the alerts projection, lifecycle commands onto `alert-<id>`. */
@Injectable()
export class Alerts {
  constructor(
    private readonly readModels: ReadModels,
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
  ) {}

  async scope(actor: Actor, requestedSchool?: string): Promise<AlertScope> {
    return { schoolId: await schoolInScope(actor, requestedSchool, this.accounts), roles: actor.roles };
  }

  async list(actor: Actor, query: { status?: AlertStatus; schoolId?: string }): Promise<AlertView[]> {
    const scope = await this.scope(actor, query.schoolId);
    const alerts = await this.readModels.read(ALERTS_PROJECTION, { schoolIds: [scope.schoolId] }, (db) =>
      listAlerts(db, { ...scope, status: query.status }),
    );
    return nameAlertSubjects(this.readModels, alerts, scope.schoolId);
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
    // Only the alert's audience in its own school may act; to anyone else it does not exist.
    if (!actor.schoolId || !UUID.test(id)) throw notFound('alert');
    const scope = { schoolId: actor.schoolId, roles: actor.roles };
    const alert = await this.readModels.read(ALERTS_PROJECTION, { schoolIds: [scope.schoolId] }, (db) => findAlert(db, { ...scope, id }));
    if (!alert) throw notFound('alert');
    const result = await this.runner.run({
      streamId: alertStream(id),
      decider: alertLifecycleDecider,
      context: ctx,
      schoolId: actor.schoolId,
      command: (_, now) => command(true, now),
    });
    return { id, version: result.version };
  }
}

/**
 * The pupil and member of staff each alert is about, by name, so the inbox can be triaged without
 * opening every alert. Only names of subjects already in alerts the caller may see, from the
 * school's directory read model. A replay is named from the live directory, as people are named now.
 */
export async function nameAlertSubjects(readModels: ReadModels, alerts: AlertView[], schoolId: string): Promise<AlertView[]> {
  const pupilIds = [...new Set(alerts.flatMap((a) => (a.subject.pupilId ? [a.subject.pupilId] : [])))];
  const staffIds = [...new Set(alerts.flatMap((a) => (a.subject.staffId ? [a.subject.staffId] : [])))];
  if (pupilIds.length === 0 && staffIds.length === 0) return alerts;
  const scope = { schoolIds: [schoolId] };
  const pupils = pupilIds.length ? await readModels.read(DIRECTORY, scope, (db) => pupilNames(db, pupilIds)) : new Map<string, string>();
  const staff = staffIds.length
    ? await readModels.read(STAFF_DIRECTORY, scope, (db) => staffNames(db, staffIds))
    : new Map<string, string>();
  return alerts.map((a) => {
    const pupilName = a.subject.pupilId ? pupils.get(a.subject.pupilId) : undefined;
    const staffName = a.subject.staffId ? staff.get(a.subject.staffId) : undefined;
    return { ...a, subject: { ...a.subject, ...(pupilName ? { pupilName } : {}), ...(staffName ? { staffName } : {}) } };
  });
}
