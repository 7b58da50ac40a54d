import { z } from 'zod';
import { ConfigError } from '#lib/core';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** What the Kafka side of the deployables reads from the environment (the rest is libs/core's config). */
export const kafkaConfigSchema = z.object({
  /** Comma-separated `host:port` list, as `infra/kafka/kafka.sh start` prints it. */
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    ),
  KAFKA_CLIENT_ID: z.string().min(1).default('safeguarding-platform'),
  /** The projector's consumer group: every projector instance joins it. */
  KAFKA_GROUP_ID: z.string().min(1).default('projector'),
  /** How long the group waits for a silent member (a crashed projector) before giving its partitions away. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1),
  /** Run the outbox relay in this projector (one relay runs at a time anyway: it holds an advisory lock). */
  RELAY_ENABLED: bool.default(true),
  /** Adds the `event_tally` projection: one row per event with how often it was applied (proves exactly once). */
  PROJECTOR_TALLY: bool.default(false),
});

export type KafkaConfig = z.infer<typeof kafkaConfigSchema>;

/** Where the gateway sends commands: the base URL of each command service. */
export const gatewayConfigSchema = z.object({
  SAFEGUARDING_URL: z.string().url(),
  INCIDENTS_URL: z.string().url(),
  WORKFORCE_URL: z.string().url(),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

function parse<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

export function loadKafkaConfig(env: Record<string, string | undefined> = process.env): KafkaConfig {
  return parse(kafkaConfigSchema, env);
}

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  return parse(gatewayConfigSchema, env);
}
