import { Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import type pg from 'pg';
import { PG_POOL } from '#lib/core';
import { EVENT_STORE, type EventStore } from '#lib/event-store';
import { EncryptingEventStore } from '#lib/privacy';
import { ReadModels } from '#lib/read-models';
import type { KafkaConfig } from './messaging-config.js';
import { ProjectionConsumer } from './projection-consumer.js';
import { OutboxRelay, type MessagingLog } from './relay.js';
import { ensureTopics } from './topics.js';

const KAFKA_CONFIG = Symbol('KAFKA_CONFIG');

export function kafkaClient(config: KafkaConfig, clientId: string, log: MessagingLog): Kafka {
  return new Kafka({
    clientId,
    brokers: config.KAFKA_BROKERS,
    // A broker that is away for a while (a restart) is waited for, not given up on.
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }) => {
        const { message, ...fields } = entry;
        if (level <= logLevel.ERROR) log.error({ kafka: fields }, `kafka: ${message}`);
        else log.info({ kafka: fields }, `kafka: ${message}`);
      },
  });
}

/** The projector's work: the relay (store → Kafka) and the consumer (Kafka → read models). */
@Injectable()
export class Projector implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  private readonly log: MessagingLog & { debug(fields: Record<string, unknown>, message: string): void } = {
    info: (fields, message) => this.logger.log(fields, message),
    error: (fields, message) => this.logger.error(fields, message),
    debug: (fields, message) => this.logger.debug(fields, message),
  };
  private relay: OutboxRelay | null = null;
  private consumer: ProjectionConsumer | null = null;

  constructor(
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {}

  /** Called once the read models are initialised (after the app's bootstrap). */
  async start(): Promise<void> {
    const kafka = kafkaClient(this.config, this.config.KAFKA_CLIENT_ID, this.log);
    const layout = { partitions: this.config.KAFKA_TOPIC_PARTITIONS, replicationFactor: this.config.KAFKA_REPLICATION_FACTOR };
    // The consumer subscribes before the relay may have run (or where the relay runs elsewhere).
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, layout);
    } finally {
      await admin.disconnect();
    }
    if (this.config.RELAY_ENABLED) {
      // Kafka carries what the store holds: personal data stays encrypted in the topics, so erasing a
      // subject's key makes it unreadable there too (the projector decrypts when it re-reads the store).
      const stored = this.store instanceof EncryptingEventStore ? this.store.inner : this.store;
      this.relay = new OutboxRelay({ pool: this.pool, store: stored, kafka, layout, log: this.log });
      this.relay.start();
    }
    this.consumer = new ProjectionConsumer({
      kafka,
      store: this.store,
      runners: this.readModels.names().map((name) => this.readModels.runner(name)),
      groupId: this.config.KAFKA_GROUP_ID,
      sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
      log: this.log,
    });
    await this.consumer.start();
    this.logger.log({ projections: this.readModels.names(), relay: this.config.RELAY_ENABLED }, 'projector consuming');
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Before the pool closes: the batch in flight commits (or not) and its offsets follow.
    await this.consumer?.stop();
    await this.relay?.stop();
  }
}

@Module({})
export class ProjectorModule {
  static forRoot(config: KafkaConfig): DynamicModule {
    return {
      module: ProjectorModule,
      providers: [{ provide: KAFKA_CONFIG, useValue: config }, Projector],
      exports: [Projector],
    };
  }
}
