import type { Admin } from 'kafkajs';

/**
 * One topic per event family, chosen by the stream id's prefix (`concern-…`, `incident-…`). Each
 * message is keyed by its stream id, so one stream's events stay in one partition, in order.
 */
const FAMILIES: { prefixes: string[]; topic: string }[] = [
  { prefixes: ['concern'], topic: 'safeguarding.concern-events' },
  { prefixes: ['pupil'], topic: 'safeguarding.pupil-events' },
  { prefixes: ['alert'], topic: 'safeguarding.alert-events' },
  { prefixes: ['incident'], topic: 'incidents.incident-events' },
  { prefixes: ['staff', 'cover', 'training'], topic: 'workforce.workforce-events' },
  { prefixes: ['views'], topic: 'audit.view-events' },
];

/** Streams of no known family (seals, future aggregates) still travel: nothing the store holds is left behind. */
export const OTHER_EVENTS_TOPIC = 'platform.other-events';

export const ALL_TOPICS: readonly string[] = [...FAMILIES.map((f) => f.topic), OTHER_EVENTS_TOPIC];

const BY_PREFIX = new Map(FAMILIES.flatMap((f) => f.prefixes.map((p) => [p, f.topic] as const)));

export function topicOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  const prefix = dash > 0 ? streamId.slice(0, dash) : streamId;
  return BY_PREFIX.get(prefix) ?? OTHER_EVENTS_TOPIC;
}

export interface TopicLayout {
  partitions: number;
  replicationFactor: number;
}

/** Creates the topics that do not exist yet (brokers here refuse to create topics on first use). */
export async function ensureTopics(admin: Admin, layout: TopicLayout): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = ALL_TOPICS.filter((t) => !existing.has(t));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: layout.partitions, replicationFactor: layout.replicationFactor })),
    });
  } catch (err) {
    // Another process (relay or projector) may have created them at the same moment.
    const now = new Set(await admin.listTopics());
    if (!missing.every((t) => now.has(t))) throw err;
  }
  return missing;
}
