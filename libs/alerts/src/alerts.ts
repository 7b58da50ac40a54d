import { Injectable } from '@nestjs/common';
import { filter, interval, map, merge, type Observable } from 'rxjs';
import { hasRole, type Actor } from '#lib/kernel';
import { Accounts, schoolInScope } from '#lib/auth';
import { type CommandContext, CommandRunner, notFound } from '#lib/core';
import { readerOf, ReadModels, type ReadScope } from '#lib/read-models';
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

  async list(actor: Actor, query: { status?: AlertStatus; schoolId?: string }): Promise<AlertView[]> {
    const scope = await this.scope(actor, query.schoolId);
    const alerts = await this.readModels.read(ALERTS_PROJECTION, { schoolIds: scope.schoolIds, reader: readerOf(actor) }, (db) =>
      listAlerts(db, { ...scope, status: query.status }),
    );
    return nameAlertSubjects(this.readModels, alerts, { schoolIds: scope.schoolIds, reader: readerOf(actor) });
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
 * school's directory read model. A replay is named from the live directory, as people are named now.
 */
export async function nameAlertSubjects(readModels: ReadModels, alerts: AlertView[], scope: ReadScope): Promise<AlertView[]> {
  const pupilIds = [...new Set(alerts.flatMap((a) => (a.subject.pupilId ? [a.subject.pupilId] : [])))];
  const staffIds = [...new Set(alerts.flatMap((a) => (a.subject.staffId ? [a.subject.staffId] : [])))];
  if (pupilIds.length === 0 && staffIds.length === 0) return alerts;
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
