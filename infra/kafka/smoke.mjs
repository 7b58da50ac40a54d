// Smoke test: kafkajs against the local broker started by ./kafka.sh.
//
//   node infra/kafka/smoke.mjs            admin createTopics -> idempotent produce (acks -1)
//                                         -> consume in a consumer group; exit 0 when all arrive
//   node infra/kafka/smoke.mjs --restart  same, but in the middle runs `kafka.sh stop` and
//                                         `KAFKA_KEEP_DATA=1 kafka.sh start` and checks that the
//                                         SAME producer and consumer instances resume
//
// Env: KAFKA_BROKERS (default localhost:$KAFKA_PORT or localhost:9092), SMOKE_COUNT (default 50).
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url); // resolves /work/main/node_modules/kafkajs
const { Kafka, logLevel, Partitioners } = require('kafkajs');
const kafkajsVersion = require('kafkajs/package.json').version;

const here = dirname(fileURLToPath(import.meta.url));
const restart = process.argv.includes('--restart');
const brokers = (process.env.KAFKA_BROKERS || `localhost:${process.env.KAFKA_PORT || 9092}`).split(',');
const count = Number(process.env.SMOKE_COUNT || 50);
const runId = `${Date.now()}-${process.pid}`;
const topic = `smoke-${runId}`;
const groupId = `smoke-group-${runId}`;

const t0 = Date.now();
const log = (...a) => console.log(`[smoke +${((Date.now() - t0) / 1000).toFixed(2)}s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const kafka = new Kafka({
  clientId: 'infra-kafka-smoke',
  brokers,
  logLevel: process.env.SMOKE_DEBUG ? logLevel.DEBUG : logLevel.ERROR,
  connectionTimeout: 3000,
  retry: { initialRetryTime: 300, maxRetryTime: 3000, retries: 15 },
});

async function waitFor(pred, what, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await sleep(50);
  }
}

function kafkaSh(args, env = {}) {
  // restart the broker the test talks to: KAFKA_PORT follows the first broker's port
  const port = brokers[0].split(':').pop();
  const out = execFileSync(join(here, 'kafka.sh'), args, {
    env: { ...process.env, KAFKA_PORT: port, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.toString().trim();
}

async function main() {
  log(`kafkajs ${kafkajsVersion}, brokers ${brokers.join(',')}, topic ${topic}, restart=${restart}`);

  const admin = kafka.admin();
  await admin.connect();
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  if (!created) throw new Error('createTopics returned false');
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  const cluster = await admin.describeCluster();
  log(
    `topic created: ${meta.topics[0].partitions.length} partitions; cluster ${cluster.clusterId}, controller ${cluster.controller}, brokers ${cluster.brokers.map((b) => `${b.host}:${b.port}`).join(',')}`,
  );
  await admin.disconnect();

  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();

  const received = new Map(); // value -> times seen
  const consumer = kafka.consumer({ groupId, sessionTimeout: 3000, heartbeatInterval: 500, maxWaitTimeInMs: 500 });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    joined = true;
    log(`consumer joined group ${e.payload.groupId} (memberId ${e.payload.memberId.slice(0, 30)}..., leader ${e.payload.isLeader})`);
  });
  consumer.on(consumer.events.CRASH, (e) => log(`consumer crash event (restart=${e.payload.restart}): ${e.payload.error?.message}`));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const v = message.value.toString();
      received.set(v, (received.get(v) || 0) + 1);
    },
  });
  await waitFor(() => joined, 'consumer group join');

  async function produceBatch(prefix, n) {
    for (let i = 0; i < n; i++) {
      // one send per message: exercises the idempotent sequence numbers on every request
      await producer.send({
        topic,
        acks: -1,
        messages: [{ key: `k${i % 7}`, value: `${prefix}-${i}` }],
      });
    }
    log(`produced ${n} messages (${prefix}) with idempotent producer, acks=-1`);
  }
  const expected = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  await produceBatch('a', count);
  await waitFor(() => expected('a', count).every((v) => received.has(v)), 'batch a consumed');
  log(`consumed batch a: ${received.size} distinct`);

  if (restart) {
    log('stopping broker ...');
    kafkaSh(['stop']);
    log('broker stopped; producing while it is down (will be retried) ...');
    const pending = produceBatch('b', 5); // in flight while the broker is down
    await sleep(1000);
    log('restarting broker with KAFKA_KEEP_DATA=1 ...');
    const ts = Date.now();
    const line = kafkaSh(['start'], { KAFKA_KEEP_DATA: '1' });
    log(`restarted in ${((Date.now() - ts) / 1000).toFixed(1)}s: ${line}`);
    await pending;
    await produceBatch('c', count);
    const all = [...expected('a', count), ...expected('b', 5), ...expected('c', count)];
    await waitFor(() => all.every((v) => received.has(v)), 'batches b and c consumed after restart');
    const admin2 = kafka.admin();
    await admin2.connect();
    const topics = await admin2.listTopics();
    if (!topics.includes(topic)) throw new Error('topic missing after restart with KAFKA_KEEP_DATA=1');
    const offsets = await admin2.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0].partitions.reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
    await admin2.disconnect();
    log(`after restart: topic kept, ${received.size} distinct messages consumed, committed offsets sum ${committed}`);
  }

  await extraChecks(received);

  await sleep(300);
  const dupes = [...received.values()].filter((n) => n > 1).length;
  await consumer.disconnect();
  await producer.disconnect();
  log(`OK: ${received.size} distinct messages received, ${dupes} redelivered`);
}

// Other kafkajs APIs an app is likely to use, each checked against the broker.
async function extraChecks() {
  const admin = kafka.admin();
  await admin.connect();
  const results = [];
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      results.push(name);
      log(`extra check ok: ${name}${detail ? ` (${detail})` : ''}`);
    } catch (e) {
      throw new Error(`extra check ${name} failed: ${e?.name}: ${e?.message}`, { cause: e });
    }
  };
  await check('admin.fetchTopicOffsets', async () => {
    const o = await admin.fetchTopicOffsets(topic);
    return `high watermarks ${o.map((p) => p.high).join(',')}`;
  });
  await check('admin.describeGroups/listGroups', async () => {
    const { groups } = await admin.describeGroups([groupId]);
    const list = await admin.listGroups();
    return `state ${groups[0].state}, ${list.groups.length} group(s) listed`;
  });
  await check('admin.describeConfigs', async () => {
    const r = await admin.describeConfigs({
      resources: [{ type: 2, name: topic, configNames: ['cleanup.policy'] }],
      includeSynonyms: false,
    });
    return `cleanup.policy=${r.resources[0].configEntries[0]?.configValue}`;
  });
  await check('admin.createPartitions', async () => {
    await admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] });
  });
  await check('transactional producer (commit + abort)', async () => {
    const txTopic = `${topic}-tx`;
    await admin.createTopics({ topics: [{ topic: txTopic, numPartitions: 1 }], waitForLeaders: true });
    const p = kafka.producer({ transactionalId: `smoke-tx-${runId}`, idempotent: true, maxInFlightRequests: 1 });
    await p.connect();
    let tx = await p.transaction();
    await tx.send({ topic: txTopic, messages: [{ value: 'committed' }] });
    await tx.commit();
    tx = await p.transaction();
    await tx.send({ topic: txTopic, messages: [{ value: 'aborted' }] });
    await tx.abort();
    await p.disconnect();
    const c = kafka.consumer({ groupId: `${groupId}-tx`, readUncommitted: false, maxWaitTimeInMs: 500 });
    const seen = [];
    await c.connect();
    await c.subscribe({ topics: [txTopic], fromBeginning: true });
    await c.run({
      eachMessage: async ({ message }) => {
        seen.push(message.value.toString());
      },
    });
    await waitFor(() => seen.length >= 1, 'transactional message');
    await sleep(500);
    await c.disconnect();
    if (seen.join() !== 'committed') throw new Error(`read_committed saw ${JSON.stringify(seen)}`);
    return 'read_committed consumer saw only the committed message';
  });
  await check('admin.deleteTopics/deleteGroups', async () => {
    await admin.deleteTopics({ topics: [`${topic}-tx`] });
    await admin.deleteGroups([`${groupId}-tx`]);
  });
  await admin.disconnect();
  return results;
}

const watchdog = setTimeout(() => {
  console.error('[smoke] FAILED: overall timeout (120s)');
  process.exit(1);
}, 120000);
watchdog.unref();

main().then(
  () => process.exit(0),
  (err) => {
    console.error('[smoke] FAILED:', err?.stack || err);
    process.exit(1);
  },
);
