/**
 * Concern → DSL alert latency through Kafka: a real broker, PostgreSQL and the deployables as
 * separate processes (projector, safeguarding, incidents, workforce, gateway). Concerns are raised at
 * the gateway as a teacher; the clock runs from the 201 to the alert for that concern arriving on the
 * DSL's server-sent event stream at the gateway (relay → Kafka → projector → read model → NOTIFY →
 * gateway → stream).
 */
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { concernStream } from '#lib/concerns';
import { topicOf } from '#lib/messaging';
import { createBenchDatabase, type BenchDatabase } from './database.js';
import { App, Broker, freePort, seedSchool, signIn, until, type School } from '#lib/testing';
import type { LatencyRun } from './latency.js';
import { round, summarise, type LatencySummary } from './stats.js';

/** Where the time goes, each from the gateway's 201 (so the command's own time is not in them). */
export interface KafkaLatencyRun extends Omit<LatencyRun, 'statementsPerConcern'> {
  /** To the relay handing the event to Kafka (the message's CreateTime, stamped by the relay's producer). */
  toRelaySent: LatencySummary;
  /** To a consumer of the benchmark's own (another group, same topics) receiving it. */
  toConsumer: LatencySummary;
}

export interface KafkaLatencyResult {
  /** Broker, database and the five processes up, in seconds. */
  startupSeconds: number;
  runs: KafkaLatencyRun[];
}

interface Raised {
  id: string;
  sent: number;
  accepted: number;
}

export async function benchKafkaLatency(options: {
  steadySeconds: number;
  rate: number;
  burst: number;
  log: (l: string) => void;
}): Promise<KafkaLatencyResult> {
  const started = performance.now();
  const apps: App[] = [];
  let broker: Broker | undefined;
  let db: BenchDatabase | undefined;
  let closeStream: () => Promise<void> = async () => undefined;
  let observer: Consumer | undefined;
  try {
    [db, broker] = await Promise.all([createBenchDatabase('kafka'), Broker.start()]);
    const school = await seedSchool(db.pool, db.url);
    const gateway = await startDeployables(db.url, broker.brokers, apps);
    const startupSeconds = round((performance.now() - started) / 1000, 1);
    options.log(`  broker, PostgreSQL and ${apps.length} processes up in ${startupSeconds} s (brokers ${broker.brokers})`);

    const dslToken = await signIn(gateway.url, school.dsl);
    const teacherToken = await signIn(gateway.url, school.teacher);
    const stream = await openAlertStream(gateway.url, dslToken);
    closeStream = stream.close;
    const raise = raiser(gateway.url, teacherToken, school);
    const onKafka = new Map<string, { sent: number; received: number }>();
    observer = await observe(broker.brokers, onKafka);

    // A first concern warms the whole path (topics, consumer group, connections) before the clock counts.
    const probe = await raise();
    if (!probe) throw new Error('the gateway refused the first concern');
    await until('the first alert on the stream', async () => stream.seen.has(probe.id), 60_000, 10);

    // Kafka's times are epoch milliseconds; the 201s are on the performance clock.
    const epoch = (r: Raised) => performance.timeOrigin + r.accepted;
    const fromKafka = (raised: Raised[], pick: (k: { sent: number; received: number }) => number) =>
      summarise(raised.filter((r) => onKafka.has(r.id)).map((r) => pick(onKafka.get(r.id)!) - epoch(r)));
    const measure = async (scenario: string, fire: () => Promise<(Raised | null)[]>): Promise<KafkaLatencyRun> => {
      const all = await fire();
      const raised = all.filter((r): r is Raised => r !== null);
      await until('every alert on the stream', async () => raised.every((r) => stream.seen.has(r.id)), 30_000, 10).catch(() => undefined);
      const done = raised.filter((r) => stream.seen.has(r.id));
      const run = {
        scenario,
        concerns: all.length,
        fromAccepted: summarise(done.map((r) => Math.max(0, stream.seen.get(r.id)! - r.accepted))),
        fromSent: summarise(done.map((r) => stream.seen.get(r.id)! - r.sent)),
        missing: all.length - done.length,
        toRelaySent: fromKafka(raised, (k) => k.sent),
        toConsumer: fromKafka(raised, (k) => k.received),
      };
      options.log(
        `  ${scenario}: p50 ${run.fromAccepted.p50} ms, p99 ${run.fromAccepted.p99} ms, p99.9 ${run.fromAccepted.p999} ms (${run.missing} missing); ` +
          `p50 to the relay's send ${run.toRelaySent.p50} ms, to a consumer ${run.toConsumer.p50} ms`,
      );
      return run;
    };

    const runs: KafkaLatencyRun[] = [];
    const total = Math.round(options.steadySeconds * options.rate);
    runs.push(
      await measure(`steady ${options.rate}/s for ${options.steadySeconds} s`, async () => {
        // Open loop: each concern leaves on its schedule, whether or not earlier ones finished.
        const start = performance.now();
        const pending: Promise<Raised | null>[] = [];
        for (let i = 0; i < total; i++) {
          const wait = start + (i * 1000) / options.rate - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          pending.push(raise());
        }
        return Promise.all(pending);
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    runs.push(await measure(`burst of ${options.burst}`, () => Promise.all(Array.from({ length: options.burst }, () => raise()))));
    return { startupSeconds, runs };
  } finally {
    await observer?.disconnect().catch(() => undefined);
    await closeStream();
    await Promise.all(apps.map((a) => a.stop()));
    await broker?.destroy();
    await db?.drop();
  }
}

/** The projector first (it creates the read-model generations and the topics), then the rest. */
async function startDeployables(databaseUrl: string, brokers: string, apps: App[]): Promise<App> {
  const shared = {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'bench-kafka-secret-bench-kafka-secret-0123',
    KAFKA_BROKERS: brokers,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  };
  const projector = new App('projector', await freePort(), shared);
  const safeguarding = new App('safeguarding', await freePort(), shared);
  const incidents = new App('incidents', await freePort(), shared);
  const workforce = new App('workforce', await freePort(), shared);
  const gateway = new App('gateway', await freePort(), {
    ...shared,
    SAFEGUARDING_URL: safeguarding.url,
    INCIDENTS_URL: incidents.url,
    WORKFORCE_URL: workforce.url,
    // The benchmark is one teacher raising hundreds of concerns; the write limit is not what is measured.
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
  });
  apps.push(projector, safeguarding, incidents, workforce, gateway);
  projector.start();
  await projector.healthy();
  for (const app of [safeguarding, incidents, workforce, gateway]) app.start();
  await Promise.all(apps.map((a) => a.healthy()));
  return gateway;
}

/**
 * A consumer in a group of its own on the concern topic, from its end: when each concern's event was
 * sent by the relay and when it reached a consumer, to split the path at Kafka.
 */
async function observe(brokers: string, onKafka: Map<string, { sent: number; received: number }>): Promise<Consumer> {
  const kafka = new Kafka({ clientId: 'bench-observer', brokers: [brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-observer-${process.pid}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topicOf(concernStream('x'))], fromBeginning: false });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const received = Date.now();
      const id = message.key?.toString().slice('concern-'.length);
      if (id && !onKafka.has(id)) onKafka.set(id, { sent: Number(message.timestamp), received });
    },
  });
  await until('the observer to join its group', async () => joined, 30_000, 50);
  return consumer;
}

/** The DSL's alert stream; `seen` holds when the first alert for each concern arrived. */
async function openAlertStream(gateway: string, token: string): Promise<{ seen: Map<string, number>; close: () => Promise<void> }> {
  // The stream takes a single-use ticket, never the access token in the address.
  const issued = await fetch(`${gateway}/api/auth/stream-ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (issued.status !== 200 && issued.status !== 201) throw new Error(`stream ticket refused: ${issued.status}`);
  const { ticket } = (await issued.json()) as { ticket: string };
  const res = await fetch(`${gateway}/api/alerts/stream?ticket=${encodeURIComponent(ticket)}`);
  if (res.status !== 200 || !res.body) throw new Error(`alert stream refused: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const seen = new Map<string, number>();
  let buffer = '';
  const reading = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) return;
      const at = performance.now();
      buffer += decoder.decode(chunk.value, { stream: true });
      const events = buffer.split(/\r?\n\r?\n/);
      buffer = events.pop()!;
      for (const event of events) {
        const data = event
          .split(/\r?\n/)
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        if (!data.startsWith('{')) continue;
        const alert = JSON.parse(data) as { kind?: string; subject?: { concernId?: string } };
        const concernId = alert.subject?.concernId;
        if (alert.kind === 'concern_raised' && concernId && !seen.has(concernId)) seen.set(concernId, at);
      }
    }
  })();
  return {
    seen,
    close: async () => {
      await reader.cancel().catch(() => undefined);
      await reading;
    },
  };
}

/** Raises one concern at the gateway; null (and one line of log) when it is not a 201. */
function raiser(gateway: string, token: string, school: School): () => Promise<Raised | null> {
  let n = 0;
  let reported = false;
  return async () => {
    n += 1;
    const sent = performance.now();
    const res = await fetch(`${gateway}/api/concerns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        pupilIds: [school.pupilIds[n % school.pupilIds.length]],
        categories: ['neglect', 'physical_abuse'],
        summary: 'Arrived late, withdrawn; bruise on left forearm',
        details: 'During registration the pupil appeared withdrawn; a bruise about 3cm across was visible on the left forearm.',
        occurredAt: new Date().toISOString(),
        urgency: 'urgent',
        informedDslVerbally: true,
      }),
    }).catch((err: Error) => err);
    const accepted = performance.now();
    if (res instanceof Error || res.status !== 201) {
      if (!reported)
        process.stderr.write(`  a concern was refused: ${res instanceof Error ? res.message : `${res.status} ${await res.text()}`}\n`);
      reported = true;
      return null;
    }
    const { id } = (await res.json()) as { id: string };
    return { id, sent, accepted };
  };
}
