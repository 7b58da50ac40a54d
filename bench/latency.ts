/**
 * Concern → DSL alert latency, in process: concerns raised through the CommandRunner (as the
 * controller does), the clock started when the append is accepted and stopped when the alerts
 * projection announces the alert on ReadModels.changes. The same through Kafka: kafka-latency.ts.
 */
import { randomUUID } from 'node:crypto';
import { commandContext } from '#lib/core';
import { concernDecider, concernStream } from '#lib/concerns';
import { PostgresEventStore, type RecordedEvent } from '#lib/event-store';
import type { ReadModelChange } from '#lib/read-models';
import { startPlatform } from './platform.js';
import { summarise, type LatencySummary } from './stats.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** What stops the clock: the alert itself, or (without an alerts projection) the nearest thing to it. */
export type LatencyTarget = 'alert' | 'any projection change' | 'subscription delivery';

export interface LatencyRun {
  scenario: string;
  concerns: number;
  /** Accepted (append committed) → alert announced. */
  fromAccepted: LatencySummary;
  /** Command sent → alert announced (includes the append itself). */
  fromSent: LatencySummary;
  missing: number;
}

export interface LatencyResult {
  target: LatencyTarget;
  projection: string | null;
  runs: LatencyRun[];
}

export async function benchLatency(options: {
  steadySeconds: number;
  rate: number;
  burst: number;
  log: (l: string) => void;
}): Promise<LatencyResult> {
  const p = await startPlatform('latency');
  const seen = new Map<string, number>();
  let stopWatching: () => Promise<void> = async () => undefined;
  try {
    const alerts = p.readModels.names().find((n) => /alert/i.test(n)) ?? null;
    let target: LatencyTarget = alerts ? 'alert' : 'any projection change';
    const onChange = (c: ReadModelChange) => {
      if (target === 'alert' && c.projection !== alerts) return;
      const at = performance.now();
      const text = JSON.stringify(c.payload);
      for (const id of text.match(UUID) ?? []) if (!seen.has(id)) seen.set(id, at);
    };
    const subscription = p.readModels.changes.subscribe(onChange);
    stopWatching = async () => subscription.unsubscribe();

    const raise = async (): Promise<{ id: string; sent: number; accepted: number }> => {
      const id = randomUUID();
      const pupilId = p.pupils[Math.floor(Math.random() * p.pupils.length)]!;
      const sent = performance.now();
      await p.runner.run({
        streamId: concernStream(id),
        decider: concernDecider,
        context: commandContext(p.raiser, {}),
        schoolId: p.schoolId,
        command: (_, now) => ({
          type: 'RaiseConcern' as const,
          concernId: id,
          pupilIds: [pupilId],
          categories: ['neglect', 'physical_abuse'],
          summary: 'Arrived late, withdrawn; bruise on left forearm',
          details: 'During registration the pupil appeared withdrawn; a bruise about 3cm across was visible on the left forearm.',
          occurredAt: now,
          urgency: 'urgent' as const,
          informedDslVerbally: true,
          raisedBy: p.raiser.staffId,
          now,
        }),
      });
      return { id, sent, accepted: performance.now() };
    };

    // A probe decides what stops the clock when there is no alerts projection (or it stays silent).
    const probe = await raise();
    if (!(await waitFor(() => seen.has(probe.id), 5000))) {
      if (target === 'alert') options.log(`  the ${alerts} projection announced nothing for a new concern; falling back`);
      target = 'any projection change';
      if (!(await waitFor(() => seen.has(probe.id), 2000))) {
        target = 'subscription delivery';
        const store = new PostgresEventStore({ pool: p.db.pool });
        const sub = store.subscribe(await store.headCheckpoint(), async (batch: RecordedEvent[]) => {
          const at = performance.now();
          for (const e of batch) if (e.type === 'ConcernRaised') seen.set((e.data as { concernId: string }).concernId, at);
        });
        const previous = stopWatching;
        stopWatching = async () => {
          await sub.stop();
          await previous();
        };
      }
    }
    options.log(`  measuring to: ${target}${target === 'alert' ? ` (projection ${alerts})` : ''}`);

    const measure = async (
      scenario: string,
      fire: () => Promise<{ id: string; sent: number; accepted: number }[]>,
    ): Promise<LatencyRun> => {
      const raised = await fire();
      await waitFor(() => raised.every((r) => seen.has(r.id)), 30_000);
      const done = raised.filter((r) => seen.has(r.id));
      const run = {
        scenario,
        concerns: raised.length,
        fromAccepted: summarise(done.map((r) => Math.max(0, seen.get(r.id)! - r.accepted))),
        fromSent: summarise(done.map((r) => seen.get(r.id)! - r.sent)),
        missing: raised.length - done.length,
      };
      options.log(
        `  ${scenario}: p50 ${run.fromAccepted.p50} ms, p99 ${run.fromAccepted.p99} ms, p99.9 ${run.fromAccepted.p999} ms (${run.missing} missing)`,
      );
      return run;
    };

    const runs: LatencyRun[] = [];
    const total = Math.round(options.steadySeconds * options.rate);
    runs.push(
      await measure(`steady ${options.rate}/s for ${options.steadySeconds} s`, async () => {
        // Open loop: each concern leaves on its schedule, whether or not earlier ones finished.
        const start = performance.now();
        const pending: Promise<{ id: string; sent: number; accepted: number }>[] = [];
        for (let i = 0; i < total; i++) {
          const due = start + (i * 1000) / options.rate;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          pending.push(raise());
        }
        return Promise.all(pending);
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    runs.push(await measure(`burst of ${options.burst}`, () => Promise.all(Array.from({ length: options.burst }, () => raise()))));
    return { target, projection: target === 'alert' ? alerts : null, runs };
  } finally {
    await stopWatching();
    await p.close();
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}
