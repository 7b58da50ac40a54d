/**
 * How a feature contributes alert rules to the inbox: a family of rules over the feature's own
 * events, with bookkeeping tables of its own, given the inbox's verbs (raise, arm, disarm, cluster).
 * The inbox runtime (alerts.projection.ts) knows no feature; the platform hands it the families.
 */
import type { MigrationInterface } from 'typeorm';
import { uuidFrom } from '#lib/core';
import type { DomainEvent } from '#lib/kernel';
import type { ApplyContext, EntityClass, Need, Recorded, RecordedOf, Rows } from '#lib/read-models';
import { Alert, AlertClaim, AlertTimer, type NewAlert } from './alerts.entities.js';
import { freshCluster, type ClusterItem } from './clusters.js';

export const ALERTS_PROJECTION = 'alerts';

/** An alert's id is derived from its cause, so every run names the same alert the same. */
const alertIdOf = (cause: string) => uuidFrom(`alert\u0000${cause}`);

/** What a rule family may ask to read besides its own tables. */
export interface AlertNeed extends Need {
  /** The timers of a subject (before `disarm`). */
  timers(kind: string, subject: string): void;
  /** The windows already alerted on for a subject (before `cluster` or `claims`). */
  claims(kind: string, subject: string): void;
  /** The alert raised for a cause, if any (before `resolve`). */
  alert(cause: string): void;
  /** The timers of a subject and the alerts those that fired raised (before `resolveFired`). */
  firedAlerts(kind: string, subject: string): void;
  /** The alerts of a kind about a concern (before `resolve`). */
  alertsAbout(kind: string, concernId: string): void;
}

/** A "count within a window" rule (see clusters.ts): the alert is raised once per fresh cluster. */
export interface ClusterRule {
  kind: string;
  subject: string;
  items: ClusterItem[];
  added: ClusterItem;
  windowEnd: (start: Date) => Date;
  count: number;
  raisedAt: Date;
  alert: (cause: string, members: number) => NewAlert;
}

/** The inbox's verbs, over the batch's rows. */
export interface AlertActions {
  readonly rows: Rows;
  readonly ctx: ApplyContext;
  /** Raises the alert (once per cause: raising a cause again changes nothing). */
  raise(alert: NewAlert, raisedAt: Date): void;
  /** A timer raises `alert` at `dueAt` unless disarmed first. Arming the same cause again changes nothing. */
  arm(subject: string, dueAt: Date, armedAt: Date, alert: NewAlert): void;
  disarm(kind: string, subject: string): void;
  /**
   * Resolves the open alerts of a kind about a concern whose cause starts with `causePrefix`, when
   * what they asked for has been done (a response recorded). Those never raised are simply not there.
   */
  resolveAbout(
    about: { kind: string; concernId: string },
    causePrefix: string,
    resolution: { resolvedAt: Date; resolvedBy: string; note: string },
  ): void;
  cluster(rule: ClusterRule): void;
  /** The windows alerted on for a subject, and a new one (for rules that judge overlap themselves). */
  claims(kind: string, subject: string): AlertClaim[];
  claim(cause: string, kind: string, subject: string, windowStart: Date, windowEnd: Date): void;
  /**
   * Resolves the alert raised for a cause when a later fact settles it (e.g. the DSL decides parents
   * are not told): nothing when it was never raised or is resolved already.
   */
  resolve(cause: string, resolvedAt: Date, resolvedBy: string, note: string): void;
  /**
   * Resolves the alerts a subject's fired timers raised, when what they asked for has been done (a
   * plan reviewed after its review fell due): the inbox shows who did it and when, as for a person's resolution.
   */
  resolveFired(kind: string, subject: string, resolvedAt: Date, resolvedBy: string, note: string): void;
}

export type AlertRuleHandler<R> =
  ((event: R, alerts: AlertActions) => void) | { needs(event: R, need: AlertNeed): void; act(event: R, alerts: AlertActions): void };

/** A family of alert rules: the kinds it raises, its tables, a handler per event type of the feature's union. */
export interface AlertRules {
  readonly family: string;
  readonly kinds: readonly string[];
  readonly entities: readonly EntityClass[];
  readonly migrations: readonly (new () => MigrationInterface)[];
  readonly eventTypes: readonly string[];
  needs(event: Recorded<DomainEvent>, need: AlertNeed): void;
  apply(event: Recorded<DomainEvent>, alerts: AlertActions): void;
}

export interface AlertRulesDefinition<E extends DomainEvent> {
  family: string;
  kinds: readonly string[];
  entities: readonly EntityClass[];
  migrations: readonly (new () => MigrationInterface)[];
  handlers: { [K in E['type']]?: AlertRuleHandler<RecordedOf<E, K>> };
}

/** `alertRules<ConcernEvent>()({ family, kinds, entities, migrations, handlers: { ConcernRaised: … } })`. */
export function alertRules<E extends DomainEvent>(): (definition: AlertRulesDefinition<E>) => AlertRules {
  return (definition) => {
    const handlers = definition.handlers as Record<string, AlertRuleHandler<Recorded<DomainEvent>> | undefined>;
    return {
      family: definition.family,
      kinds: definition.kinds,
      entities: definition.entities,
      migrations: definition.migrations,
      eventTypes: Object.keys(handlers).filter((t) => handlers[t] !== undefined),
      needs(event, need) {
        const h = handlers[event.type];
        if (h && typeof h !== 'function') h.needs(event, need);
      },
      apply(event, alerts) {
        const h = handlers[event.type];
        if (!h) return;
        if (typeof h === 'function') h(event, alerts);
        else h.act(event, alerts);
      },
    };
  };
}

export function alertNeed(need: Need): AlertNeed {
  return {
    ...need,
    key: need.key,
    where: need.where,
    query: need.query,
    peek: need.peek,
    timers: (kind, subject) => need.where(AlertTimer, { kind, subject }),
    claims: (kind, subject) => need.where(AlertClaim, { kind, subject }),
    alert: (cause) => need.key(Alert, { id: alertIdOf(cause) }),
    firedAlerts: (kind, subject) => {
      need.where(AlertTimer, { kind, subject });
      // The alerts are found through the timers: a second round of reads.
      for (const t of need.peek.of(AlertTimer).scan((t) => t.kind === kind && t.subject === subject && t.fired)) {
        need.key(Alert, { id: alertIdOf(t.cause) });
      }
    },
    alertsAbout: (kind, concernId) => need.where(Alert, { kind, concernId }),
  };
}

/** Armed timers by due time (then cause): the earliest is always at the top. */
class DueQueue {
  private readonly heap: { at: number; cause: string }[] = [];

  private before(i: number, j: number): boolean {
    const a = this.heap[i]!;
    const b = this.heap[j]!;
    return a.at < b.at || (a.at === b.at && a.cause < b.cause);
  }

  private swap(i: number, j: number): void {
    [this.heap[i], this.heap[j]] = [this.heap[j]!, this.heap[i]!];
  }

  push(at: number, cause: string): void {
    this.heap.push({ at, cause });
    for (let i = this.heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peek(): { at: number; cause: string } | undefined {
    return this.heap[0];
  }

  pop(): { at: number; cause: string } | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (this.heap.length > 0 && last) {
      this.heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.heap.length && this.before(l, m)) m = l;
        if (r < this.heap.length && this.before(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/**
 * The inbox's verbs over one batch. The timers in memory still armed wait in a queue by due time, so
 * an event before the earliest of them needs no look at the timers at all.
 */
export class AlertBatch implements AlertActions {
  private readonly due = new DueQueue();

  constructor(
    readonly rows: Rows,
    readonly ctx: ApplyContext,
  ) {
    for (const t of rows.of(AlertTimer).scan((t) => !t.fired)) this.due.push(t.dueAt.getTime(), t.cause);
  }

  raise(alert: NewAlert, raisedAt: Date): void {
    const s = alert.subject;
    const row: Alert = {
      id: alertIdOf(alert.cause),
      cause: alert.cause,
      kind: alert.kind,
      priority: alert.priority,
      raisedAt,
      escalationLevel: alert.escalationLevel,
      audience: alert.audience,
      status: 'open',
      schoolId: alert.schoolId,
      pupilId: s.pupilId ?? null,
      staffId: s.staffId ?? null,
      concernId: s.concernId ?? null,
      incidentId: s.incidentId ?? null,
      coverAssignmentId: s.coverAssignmentId ?? null,
      message: alert.message,
      aboutStaffId: alert.aboutStaffId ?? null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      resolutionNote: null,
    };
    // An alert whose cause was raised before (in an earlier batch) is not inserted, nor announced.
    if (this.rows.of(Alert).insert(row)) this.ctx.emit(alertChange(row), { ifInserted: { entity: Alert, row } });
  }

  arm(subject: string, dueAt: Date, armedAt: Date, alert: NewAlert): void {
    if (this.rows.of(AlertTimer).insert({ cause: alert.cause, kind: alert.kind, subject, dueAt, armedAt, payload: alert, fired: false })) {
      this.due.push(dueAt.getTime(), alert.cause);
    }
  }

  disarm(kind: string, subject: string): void {
    const timers = this.rows.of(AlertTimer);
    // Its place in the queue is passed over when it comes up (the row is gone by then).
    for (const t of timers.where({ kind, subject })) if (!t.fired) timers.delete(t);
  }

  resolveAbout(
    about: { kind: string; concernId: string },
    causePrefix: string,
    { resolvedAt, resolvedBy, note }: { resolvedAt: Date; resolvedBy: string; note: string },
  ): void {
    const alerts = this.rows.of(Alert);
    // The query covers alerts raised earlier in this batch too (a timer fired before the event).
    for (const alert of alerts.where(about)) {
      if (alert.cause.startsWith(causePrefix)) this.settle(alert, resolvedAt, resolvedBy, note);
    }
  }

  /** Fires every timer due by `at`, earliest first, each alert stamped with its due time (or its arming, if later). */
  fireDue(at: Date): void {
    const timers = this.rows.of(AlertTimer);
    for (let next = this.due.peek(); next && next.at <= at.getTime(); next = this.due.peek()) {
      this.due.pop();
      const timer = timers.get({ cause: next.cause });
      // Disarmed, fired already, or re-armed for another time since it was queued.
      if (!timer || timer.fired || timer.dueAt.getTime() !== next.at) continue;
      this.raise(timer.payload, timer.armedAt > timer.dueAt ? timer.armedAt : timer.dueAt);
      timers.update(timer, { fired: true });
    }
  }

  cluster(rule: ClusterRule): void {
    const cluster = freshCluster(
      rule.items,
      this.claims(rule.kind, rule.subject).map((c) => ({ start: c.windowStart, end: c.windowEnd })),
      rule.added,
      rule.windowEnd,
      rule.count,
    );
    if (!cluster) return;
    const cause = `${rule.kind}:${rule.subject}:${cluster.anchor.id}`;
    this.claim(cause, rule.kind, rule.subject, cluster.start, cluster.end);
    this.raise(rule.alert(cause, cluster.members.length), rule.raisedAt);
  }

  resolve(cause: string, resolvedAt: Date, resolvedBy: string, note: string): void {
    const alerts = this.rows.of(Alert);
    const alert = alerts.get({ id: alertIdOf(cause) });
    if (alert) this.settle(alert, resolvedAt, resolvedBy, note);
  }

  resolveFired(kind: string, subject: string, resolvedAt: Date, resolvedBy: string, note: string): void {
    const alerts = this.rows.of(Alert);
    for (const t of this.rows.of(AlertTimer).where({ kind, subject })) {
      const alert = t.fired ? alerts.get({ id: alertIdOf(t.cause) }) : undefined;
      if (alert) this.settle(alert, resolvedAt, resolvedBy, note);
    }
  }

  /** Resolves an open alert as a person's resolution reads (who, when, why), acknowledging it too if nobody had. */
  private settle(alert: Alert, resolvedAt: Date, resolvedBy: string, note: string): void {
    if (alert.status === 'resolved') return;
    const resolved = this.rows.of(Alert).update(alert, {
      status: 'resolved',
      resolvedAt,
      resolvedBy,
      resolutionNote: note,
      acknowledgedAt: alert.acknowledgedAt ?? resolvedAt,
      acknowledgedBy: alert.acknowledgedBy ?? resolvedBy,
    });
    this.ctx.emit(alertChange(resolved!));
  }

  claims(kind: string, subject: string): AlertClaim[] {
    return this.rows.of(AlertClaim).where({ kind, subject });
  }

  claim(cause: string, kind: string, subject: string, windowStart: Date, windowEnd: Date): void {
    this.rows.of(AlertClaim).insert({ cause, kind, subject, windowStart, windowEnd });
  }
}

/** What listeners hear of an alert: the row as it stands now (later changes are announced again). */
export function alertChange(row: Alert) {
  return { projection: ALERTS_PROJECTION, kind: 'alert', payload: { ...row } };
}
