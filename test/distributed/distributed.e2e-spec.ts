import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ALL_TOPICS } from '#lib/messaging';
import { commandContext } from '#lib/core';
import { concernDecider, concernStream } from '#lib/concerns';
import {
  api,
  App,
  Broker,
  concernBody,
  countDeliveries,
  createTestDatabase,
  freePort,
  type School,
  seedSchool,
  signIn,
  sleep,
  type TestDatabase,
  until,
} from '#lib/testing';

/**
 * The platform as separate processes around a real broker: PostgreSQL, Kafka (infra/kafka), the
 * projector (relay + consumer group), three command services and the gateway, each its own
 * `node dist/apps/<name>/src/main.js`. One broker and one set of processes serve every scenario, in
 * order, to keep the suite within a few minutes on two cores.
 */
const VOLUME = 10_000;
const log = (msg: string) => process.stdout.write(`[distributed] ${msg}\n`);

describe('distributed deployables over Kafka', () => {
  let db: TestDatabase;
  let broker: Broker;
  let school: School;
  let projector: App;
  let safeguarding: App;
  let gateway: App;
  let apps: App[] = [];
  let dslToken: string;
  let teacherToken: string;
  let counted = { deliveries: 0, distinct: 0, redelivered: 0, messages: 0, events: 0 };

  const q = async <T = any>(sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows as T[];
  const schemaOf = async (projection: string) =>
    (await q<{ live_schema: string }>('SELECT live_schema FROM read_model_registry WHERE name = $1', [projection]))[0]!.live_schema;

  beforeAll(async () => {
    const started = Date.now();
    [db, broker] = await Promise.all([createTestDatabase('distributed'), Broker.start()]);
    school = await seedSchool(db.pool, db.url);
    const shared = {
      DATABASE_URL: db.url,
      JWT_SECRET: 'distributed-secret-distributed-secret-0123',
      KAFKA_BROKERS: broker.brokers,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    };
    projector = new App('projector', await freePort(), {
      ...shared,
      LOG_LEVEL: 'debug',
      PROJECTOR_TALLY: 'true',
      KAFKA_SESSION_TIMEOUT_MS: '3000',
    });
    safeguarding = new App('safeguarding', await freePort(), shared);
    const incidents = new App('incidents', await freePort(), shared);
    const workforce = new App('workforce', await freePort(), shared);
    gateway = new App('gateway', await freePort(), {
      ...shared,
      SAFEGUARDING_URL: safeguarding.url,
      INCIDENTS_URL: incidents.url,
      WORKFORCE_URL: workforce.url,
      RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    });
    apps = [projector, safeguarding, incidents, workforce, gateway];
    // The projector first: it creates the read-model generations and the topics.
    projector.start();
    await projector.healthy();
    for (const app of [safeguarding, incidents, workforce, gateway]) app.start();
    await Promise.all(apps.map((a) => a.healthy()));
    dslToken = await signIn(gateway.url, school.dsl);
    teacherToken = await signIn(gateway.url, school.teacher);
    log(`broker, PostgreSQL and 5 processes up in ${((Date.now() - started) / 1000).toFixed(1)} s (brokers ${broker.brokers})`);
  }, 420_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await broker?.destroy();
    await db?.drop();
  }, 60_000);

  /** Every stored event applied exactly once by the tally projection, the relay at the store's head. */
  async function everythingAppliedOnce(timeoutMs: number): Promise<{ events: number; missing: number; duplicated: number }> {
    const tally = await schemaOf('event_tally');
    let last = { stored: 0, tallied: 0 };
    await until(
      'the tally to cover every stored event',
      async () => {
        last = (
          await q<{ stored: number; tallied: number }>(
            `SELECT (SELECT count(*)::int FROM events) AS stored, (SELECT count(*)::int FROM "${tally}".event_tally) AS tallied`,
          )
        )[0]!;
        return last.stored === last.tallied;
      },
      timeoutMs,
      250,
    ).catch(async (err: Error) => {
      // What a stall looks like from outside: the projector's last words and its consumer group.
      const group = await broker.group('projector').catch((e: Error) => e.message);
      const deliveries = projector.deliveries();
      log(
        `stalled at ${last.tallied} of ${last.stored} events; consumer group ${JSON.stringify(group)}; ` +
          `${deliveries.length} deliveries, the last ${JSON.stringify(deliveries.at(-1))}; the projector's last lines:\n` +
          projector.lastLines(30).join('\n'),
      );
      throw err;
    });
    const [row] = await q<{ events: number; missing: number; duplicated: number }>(
      `SELECT (SELECT count(*)::int FROM events) AS events,
              (SELECT count(*)::int FROM events e WHERE NOT EXISTS (SELECT 1 FROM "${tally}".event_tally t WHERE t.event_id = e.event_id)) AS missing,
              (SELECT count(*)::int FROM "${tally}".event_tally WHERE applied <> 1) AS duplicated`,
    );
    return row!;
  }

  /** Every concern-raised alert exactly once per concern. */
  async function concernAlerts(): Promise<{ concerns: number; alerts: number; duplicated: number }> {
    const alerts = await schemaOf('alerts');
    const [row] = await q<{ concerns: number; alerts: number; duplicated: number }>(
      `SELECT (SELECT count(*)::int FROM events WHERE type = 'ConcernRaised') AS concerns,
              (SELECT count(*)::int FROM "${alerts}".alerts WHERE kind = 'concern_raised') AS alerts,
              (SELECT count(*)::int FROM (SELECT concern_id FROM "${alerts}".alerts WHERE kind = 'concern_raised'
                 GROUP BY concern_id HAVING count(*) > 1) d) AS duplicated`,
    );
    return row!;
  }

  /** What Kafka and the consumer saw since the last call: relay re-sends and consumer redeliveries. */
  async function deliveryReport(label: string) {
    // Events are applied from the store up to the highest delivered position, so the read models may
    // be complete while messages of other partitions are still on their way: wait for those.
    await until(
      'every message delivered to the projector',
      async () => countDeliveries(projector.deliveries()).distinct >= (await broker.messagesInTopics()),
      120_000,
      250,
    ).catch(() => undefined);
    const messages = await broker.messagesInTopics();
    const [{ events }] = await q<{ events: number }>('SELECT count(*)::int AS events FROM events');
    const now = { ...countDeliveries(projector.deliveries()), messages, events };
    const delta = {
      events: now.events - counted.events,
      messages: now.messages - counted.messages,
      deliveries: now.deliveries - counted.deliveries,
      redelivered: now.redelivered - counted.redelivered,
    };
    counted = now;
    log(
      `${label}: ${delta.events} events → ${delta.messages} Kafka messages (relay re-sent ${delta.messages - delta.events}); ` +
        `consumer deliveries ${delta.deliveries}, redelivered ${delta.redelivered}; every message delivered: ${now.distinct === now.messages}`,
    );
    return { now, delta };
  }

  /**
   * `total` events as the command services would append them: concerns raised (each must raise one
   * alert), views of records, and probe events on streams of no known family, in three topics.
   */
  async function appendVolume(total: number): Promise<void> {
    const teacher = {
      staffId: school.teacher.id,
      name: 'teacher',
      roles: ['staff' as const],
      schoolId: school.schoolId,
      trustId: school.trustId,
    };
    const units = Math.ceil(total / 10);
    let next = 0;
    const unit = async () => {
      const concernId = randomUUID();
      await school.runner.run({
        streamId: concernStream(concernId),
        decider: concernDecider,
        context: commandContext(teacher, {}),
        schoolId: school.schoolId,
        command: (_, now) => ({
          type: 'RaiseConcern' as const,
          concernId,
          pupilIds: [school.pupilIds[next % 3]!],
          categories: ['neglect'],
          summary: `volume concern ${next}`,
          details: 'Volume test',
          occurredAt: now,
          urgency: 'routine' as const,
          informedDslVerbally: false,
          raisedBy: teacher.staffId,
          now,
        }),
      });
      const metadata = {
        actorId: teacher.staffId,
        schoolId: school.schoolId,
        trustId: school.trustId,
        correlationId: randomUUID(),
        causationId: null,
      };
      const at = new Date().toISOString();
      await school.store.appendToStream(
        `views-${concernId}`,
        Array.from({ length: 4 }, () => ({
          eventId: randomUUID(),
          type: 'RecordViewed',
          schemaVersion: 1,
          data: {
            subjectType: 'concern',
            subjectId: concernId,
            viewerId: teacher.staffId,
            viewerName: 'teacher',
            viewerRoles: ['staff'],
            viewedAt: at,
          },
          metadata: { ...metadata, occurredAt: at },
        })),
        { expectedVersion: 'no_stream' },
      );
      await school.store.appendToStream(
        `probe-${randomUUID()}`,
        Array.from({ length: 5 }, (_, i) => ({
          eventId: randomUUID(),
          type: 'DeliveryProbe',
          schemaVersion: 1,
          data: { n: i },
          metadata: { ...metadata, occurredAt: at },
        })),
        { expectedVersion: 'no_stream' },
      );
    };
    const worker = async () => {
      while (next < units) {
        next += 1;
        await unit();
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
  }

  async function talliedSince(base: number): Promise<number> {
    const tally = await schemaOf('event_tally');
    const [row] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM "${tally}".event_tally`);
    return row!.n - base;
  }

  it('(a) a concern raised at the gateway produces the DSL alert, readable at the gateway', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const raised = await api<{ id: string }>(
        gateway.url,
        'POST',
        '/api/concerns',
        teacherToken,
        concernBody(school.pupilIds[0]!, `Came in hungry ${i}`),
      );
      const commandMs = performance.now() - started;
      expect(raised.status).toBe(201);
      const alert = await until(
        'the concern_raised alert at the gateway',
        async () => {
          const res = await api<any[]>(gateway.url, 'GET', '/api/alerts?status=open', dslToken);
          expect(res.status).toBe(200);
          return res.body.find((a) => a.kind === 'concern_raised' && a.subject?.concernId === raised.body.id);
        },
        30_000,
        10,
      );
      expect(alert).toMatchObject({ kind: 'concern_raised', status: 'open', subject: { concernId: raised.body.id } });
      latencies.push(performance.now() - started);
      log(
        `(a) concern ${i + 1}: 201 from the safeguarding service via the gateway in ${commandMs.toFixed(0)} ms; DSL alert at the gateway after ${latencies[i]!.toFixed(0)} ms`,
      );
    }
    const sorted = [...latencies].sort((x, y) => x - y);
    log(
      `(a) concern → DSL alert at the gateway (relay → Kafka → projector → read model): median ${sorted[2]!.toFixed(0)} ms, max ${sorted[4]!.toFixed(0)} ms`,
    );
    // The alert stream at the gateway hears the projector's changes (PostgreSQL NOTIFY), without polling.
    const ticket = await api<{ ticket: string }>(gateway.url, 'POST', '/api/auth/stream-ticket', dslToken);
    const stream = await fetch(`${gateway.url}/api/alerts/stream?ticket=${encodeURIComponent(ticket.body.ticket)}`);
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const streamed = await api<{ id: string }>(
      gateway.url,
      'POST',
      '/api/concerns',
      teacherToken,
      concernBody(school.pupilIds[0]!, 'Streamed concern'),
    );
    let received = '';
    const deadline = Date.now() + 30_000;
    while (!received.includes(streamed.body.id) && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 1000))]);
      if (chunk && !chunk.done) received += new TextDecoder().decode(chunk.value);
    }
    await reader.cancel();
    expect(received).toContain(streamed.body.id);
    log("(a) the alert arrived on the gateway's server-sent event stream");

    // The same contract as apps/platform: validation errors come back from the service unchanged.
    const invalid = await api(gateway.url, 'POST', '/api/concerns', teacherToken, { pupilIds: ['not-a-uuid'] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.length).toBeGreaterThan(0);

    // Sign-out at the gateway ends the session in the command service too (PostgreSQL NOTIFY): the old token's next command is 401.
    const leaving = await signIn(gateway.url, school.teacher);
    expect((await api(gateway.url, 'POST', '/api/concerns', leaving, concernBody(school.pupilIds[0]!, 'Before signing out'))).status).toBe(
      201,
    );
    expect((await api(gateway.url, 'POST', '/api/auth/logout', leaving)).status).toBe(204);
    expect((await api(gateway.url, 'POST', '/api/concerns', leaving, concernBody(school.pupilIds[0]!, 'After signing out'))).status).toBe(
      401,
    );
    expect((await api(gateway.url, 'GET', '/api/me', leaving)).status).toBe(401);
    log('(a) a token signed out at the gateway is refused by the safeguarding service on its next command');
  }, 90_000);

  it(`(b) the broker stopped and restarted in the middle of ${VOLUME} events: every event takes effect exactly once`, async () => {
    await everythingAppliedOnce(30_000);
    await deliveryReport('before (b)');
    const base = await talliedSince(0);
    const started = Date.now();
    const appending = appendVolume(VOLUME);
    await until('the projector to be mid-stream', async () => (await talliedSince(base)) >= VOLUME * 0.2, 180_000, 50);
    const at = await talliedSince(base);
    await broker.down();
    log(`(b) broker stopped with ${at} of ${VOLUME} new events applied`);
    await sleep(2000);
    const upMs = await broker.up(true);
    log(`(b) broker restarted (kept its data) in ${(upMs / 1000).toFixed(1)} s`);
    await appending;
    // A gap-safe read waits while any transaction on the shared server is open: other test files' too.
    const result = await everythingAppliedOnce(240_000);
    const alerts = await concernAlerts();
    const { delta, now } = await deliveryReport('(b) broker restart');
    log(
      `(b) ${VOLUME} events in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.events} stored, ${result.missing} missing, ` +
        `${result.duplicated} applied twice; ${alerts.alerts} concern alerts for ${alerts.concerns} concerns, ${alerts.duplicated} duplicated`,
    );
    expect(result).toMatchObject({ missing: 0, duplicated: 0 });
    expect(alerts.alerts).toBe(alerts.concerns);
    expect(alerts.duplicated).toBe(0);
    expect(now.distinct).toBe(now.messages);
    expect(delta.messages).toBeGreaterThanOrEqual(delta.events);
  }, 600_000);

  it(`(c) the projector killed with SIGKILL mid-stream and restarted: every event takes effect exactly once`, async () => {
    const base = await talliedSince(0);
    const started = Date.now();
    const appending = appendVolume(VOLUME);
    await until('the projector to be mid-stream', async () => (await talliedSince(base)) >= VOLUME * 0.3, 180_000, 50);
    const at = await talliedSince(base);
    await projector.stop('SIGKILL');
    log(`(c) projector killed (SIGKILL) with ${at} of ${VOLUME} new events applied`);
    await sleep(1000);
    projector.start();
    await projector.healthy();
    await appending;
    // A gap-safe read waits while any transaction on the shared server is open: other test files' too.
    const result = await everythingAppliedOnce(240_000);
    const alerts = await concernAlerts();
    const { delta, now } = await deliveryReport('(c) projector SIGKILL');
    log(
      `(c) ${VOLUME} events in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.events} stored, ${result.missing} missing, ` +
        `${result.duplicated} applied twice; ${alerts.alerts} concern alerts for ${alerts.concerns} concerns, ${alerts.duplicated} duplicated`,
    );
    expect(result).toMatchObject({ missing: 0, duplicated: 0 });
    expect(alerts.alerts).toBe(alerts.concerns);
    expect(alerts.duplicated).toBe(0);
    expect(now.distinct).toBe(now.messages);
    expect(delta.messages).toBeGreaterThanOrEqual(delta.events);
  }, 600_000);

  it('(d) a command service killed right after its append: the event is still published after restart', async () => {
    // Nothing publishes while the command runs: the relay (in the projector) is stopped first.
    await projector.stop();
    const summary = `killed after append ${randomUUID()}`;
    // Narratives are encrypted at rest: the concern is found by its correlation id, which is not.
    const correlationId = randomUUID();
    const request = api(gateway.url, 'POST', '/api/concerns', teacherToken, concernBody(school.pupilIds[1]!, summary), {
      'x-correlation-id': correlationId,
    }).catch((err: Error) => ({
      status: 0,
      body: err.message,
    }));
    const [stored] = await until(
      'the concern in the store',
      async () => {
        const rows = await q<{ stream_id: string; t: string; g: string }>(
          `SELECT stream_id, transaction_id::text AS t, global_position::text AS g FROM events WHERE type = 'ConcernRaised' AND metadata->>'correlationId' = $1`,
          [correlationId],
        );
        return rows.length > 0 ? rows : undefined;
      },
      30_000,
      2,
    );
    await safeguarding.stop('SIGKILL');
    const answer = await request;
    const [relay] = await q<{ t: string | null; g: string | null }>(
      'SELECT transaction_id AS t, global_position AS g FROM relay_checkpoint',
    );
    const unpublished = relay!.t === null || BigInt(relay!.t) < BigInt(stored!.t) || BigInt(relay!.g!) < BigInt(stored!.g);
    log(
      `(d) safeguarding killed right after appending ${stored!.stream_id} (the gateway answered ${answer.status}); ` +
        `relay checkpoint ${relay!.t}/${relay!.g} vs event ${stored!.t}/${stored!.g}: not yet published = ${unpublished}`,
    );
    expect(unpublished).toBe(true);
    safeguarding.start();
    projector.start();
    await Promise.all([safeguarding.healthy(), projector.healthy()]);
    const concernId = stored!.stream_id.replace(/^concern-/, '');
    const alert = await until(
      'the alert for the concern appended before the kill',
      async () => {
        const res = await api<any[]>(gateway.url, 'GET', '/api/alerts?status=open', dslToken);
        return res.body.find((a) => a.kind === 'concern_raised' && a.subject?.concernId === concernId);
      },
      60_000,
      50,
    );
    expect(alert).toBeDefined();
    const [after] = await q<{ t: string; g: string }>('SELECT transaction_id AS t, global_position AS g FROM relay_checkpoint');
    expect(BigInt(after!.t) > BigInt(stored!.t) || (after!.t === stored!.t && BigInt(after!.g) >= BigInt(stored!.g))).toBe(true);
    const result = await everythingAppliedOnce(60_000);
    expect(result).toMatchObject({ missing: 0, duplicated: 0 });
    expect((await concernAlerts()).duplicated).toBe(0);
    await deliveryReport('(d) command service SIGKILL');
    log(`(d) after restarts: published (relay checkpoint ${after!.t}/${after!.g}) and the DSL alert is at the gateway, once`);
  }, 120_000);

  it('(e) personal data crosses Kafka encrypted: a canary name is in no topic', async () => {
    const canary = `Canary${randomUUID().slice(0, 8)}`;
    const pupil = await api<{ id: string }>(gateway.url, 'POST', '/api/pupils', dslToken, {
      firstName: canary,
      lastName: 'Kafka',
      dateOfBirth: '2016-05-01',
      yearGroup: '4',
      sen: false,
      ehcp: false,
    });
    expect(pupil.status).toBe(201);
    const concern = await api<{ id: string }>(
      gateway.url,
      'POST',
      '/api/concerns',
      teacherToken,
      concernBody(pupil.body.id, `${canary} said he was hit`),
    );
    expect(concern.status).toBe(201);
    // The alert at the gateway means the relay published the concern and the projector applied it.
    await until('the canary concern alert at the gateway', async () => {
      const res = await api<any[]>(gateway.url, 'GET', '/api/alerts?status=open', dslToken);
      return res.body.find((a) => a.subject?.concernId === concern.body.id);
    });

    const kafka = new Kafka({ clientId: 'canary-reader', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    let total = 0;
    for (const topic of ALL_TOPICS) for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high) - Number(p.low);
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: `canary-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [...ALL_TOPICS], fromBeginning: true });
    let read = 0;
    let hits = 0;
    let pupilMessages = 0;
    await consumer.run({
      eachMessage: async ({ message }) => {
        read += 1;
        if (message.value?.toString().includes(canary)) hits += 1;
        if (message.key?.toString() === `pupil-${pupil.body.id}`) pupilMessages += 1;
      },
    });
    await until('every message read back', async () => read >= total, 120_000, 200);
    await consumer.disconnect();
    log(
      `(e) read ${read} messages from ${ALL_TOPICS.length} topics: the pupil's event is there (${pupilMessages}), the canary name ${hits} times`,
    );
    expect(pupilMessages).toBe(1);
    expect(hits).toBe(0);
  }, 180_000);
});
