/**
 * The DSL alert inbox: a projection that applies the alert rules the features contribute (see
 * alert-rules.ts) to the event history, and the alerts' own lifecycle.
 *
 * Everything it knows lives in its own tables (never in memory between batches), and every alert's
 * time comes from events or from a timer's due time, never from the moment the code happened to run.
 * So the live inbox, a rebuild and an auditor's replay "as of" any instant hold the same alerts with
 * the same ids and times:
 * - an alert's id is derived from its cause (`concern_raised:<concernId>` …), and the cause is
 *   UNIQUE, so no rule fires twice for the same cause;
 * - time-driven rules are timers in `alert_timers`. Before each event the timers due by the event's
 *   recordedAt fire, then the event applies; `tick` fires those due by now. So an acknowledgement
 *   recorded at +10 min cancels the +15 min escalation in every run, and one recorded at +20 min
 *   comes after it in every run;
 * - a timer-raised alert is stamped with its due time (or, when the timer was armed after that
 *   time — a restraint recorded the next day — with the time it was armed).
 */
import type { ApplyContext, MigrationSource, Need, Projection, Rows } from '#lib/read-models';
import type { AlertLifecycleEvent } from './domain/alert-lifecycle.js';
import { AlertBatch, alertChange, alertNeed, alertRules, type AlertRules, ALERTS_PROJECTION } from './alert-rules.js';
import { Alert, AlertClaim, AlertTimer } from './alerts.entities.js';
import { AlertsInboxTables1796144107206 } from './migrations/1796144107206-alerts-inbox-tables.js';

export { ALERTS_PROJECTION } from './alert-rules.js';

/** The inbox's own tables; each rule family brings its own (its migrations run after these). */
export const ALERTS_INBOX_TABLES: MigrationSource = {
  name: ALERTS_PROJECTION,
  entities: [Alert, AlertTimer, AlertClaim],
  migrations: [AlertsInboxTables1796144107206],
};

export interface AlertsProjectionOptions {
  /** The rule families of the features (the platform composes them). */
  rules: readonly AlertRules[];
}

/** Timers that fall due by `at` are read once per batch. */
function dueTimers(need: Need, at: Date): void {
  need.query(AlertTimer, `due<=${at.toISOString()}`, (p) => `NOT t.fired AND t.due_at <= ${p(at.toISOString(), 'timestamptz')}`);
}

/** The alerts' own lifecycle, a family like the features' (it raises nothing). */
const lifecycleRules = alertRules<AlertLifecycleEvent>()({
  family: 'lifecycle',
  kinds: [],
  entities: [],
  migrations: [],
  handlers: {
    AlertAcknowledged: {
      needs: (e, need) => need.key(Alert, { id: e.data.alertId }),
      act: (e, { rows, ctx }) => {
        const alerts = rows.of(Alert);
        const alert = alerts.get({ id: e.data.alertId });
        if (!alert || alert.status !== 'open') return;
        const acknowledged = alerts.update(alert, {
          status: 'acknowledged',
          acknowledgedAt: new Date(e.data.acknowledgedAt),
          acknowledgedBy: e.data.acknowledgedBy,
        });
        ctx.emit(alertChange(acknowledged!));
      },
    },
    AlertResolved: {
      needs: (e, need) => need.key(Alert, { id: e.data.alertId }),
      act: (e, { rows, ctx }) => {
        const alerts = rows.of(Alert);
        const alert = alerts.get({ id: e.data.alertId });
        if (!alert || alert.status === 'resolved') return;
        const resolvedAt = new Date(e.data.resolvedAt);
        const resolved = alerts.update(alert, {
          status: 'resolved',
          resolvedAt,
          resolvedBy: e.data.resolvedBy,
          resolutionNote: e.data.note,
          // Resolving an alert nobody acknowledged acknowledges it too.
          acknowledgedAt: alert.acknowledgedAt ?? resolvedAt,
          acknowledgedBy: alert.acknowledgedBy ?? e.data.resolvedBy,
        });
        ctx.emit(alertChange(resolved!));
      },
    },
  },
});

/** The inbox with the features' rule families. Bump `version` with any family's tables or rules. */
export function alertsProjection(options: AlertsProjectionOptions): Projection {
  const families = [lifecycleRules, ...options.rules];
  const byType = new Map<string, AlertRules[]>();
  for (const f of families) for (const t of f.eventTypes) byType.set(t, [...(byType.get(t) ?? []), f]);
  const batches = new WeakMap<Rows, AlertBatch>();
  const batchOf = (rows: Rows, ctx: ApplyContext) => {
    let b = batches.get(rows);
    if (!b) batches.set(rows, (b = new AlertBatch(rows, ctx)));
    return b;
  };

  return {
    name: ALERTS_PROJECTION,
    version: 6,
    entities: [...ALERTS_INBOX_TABLES.entities, ...families.flatMap((f) => f.entities)],
    // The inbox only: the rest (who a concern is about, timers, claims) is the rules' bookkeeping.
    readable: [Alert],
    migrations: [...ALERTS_INBOX_TABLES.migrations, ...families.flatMap((f) => f.migrations)],
    eventTypes: new Set(byType.keys()),
    needs(events, need) {
      const alerting = alertNeed(need);
      let latest = 0;
      for (const e of events) {
        latest = Math.max(latest, Date.parse(e.recordedAt));
        for (const f of byType.get(e.type) ?? []) f.needs(e, alerting);
      }
      if (events.length > 0) dueTimers(need, new Date(latest));
    },
    apply(events, rows, ctx) {
      const batch = batchOf(rows, ctx);
      for (const e of events) {
        // Timers due by the time this event was stored fire first, so timers and events interleave
        // by time in the live run, a rebuild and a replay alike.
        batch.fireDue(new Date(e.recordedAt));
        for (const f of byType.get(e.type) ?? []) f.apply(e, batch);
      }
    },
    tick: {
      needs: (need, ctx) => dueTimers(need, ctx.now),
      apply: (rows, ctx) => batchOf(rows, ctx).fireDue(ctx.now),
    },
  };
}
