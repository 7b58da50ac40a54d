import 'reflect-metadata';
import { PROJECTIONS_LIST, runDeployable } from '#lib/platform';
import { migrate } from '#lib/event-store';
import {
  eventTallyProjection,
  loadKafkaConfig,
  MESSAGING_MIGRATIONS,
  MESSAGING_MIGRATIONS_TABLE,
  Projector,
  ProjectorModule,
} from '#lib/messaging';

/**
 * The projector: the outbox relay (store → Kafka) and the consumer group that keeps the read models;
 * time-driven rules (escalations, due training) tick here and nowhere else.
 */
void runDeployable({
  name: 'projector',
  shape: () => {
    const kafka = loadKafkaConfig();
    return {
      follow: false,
      bus: 'kafka',
      // The gateway's alert stream hears the projector's changes through PostgreSQL NOTIFY.
      readModels: { changes: 'publish' },
      projections: kafka.PROJECTOR_TALLY ? [...PROJECTIONS_LIST, eventTallyProjection] : PROJECTIONS_LIST,
      imports: [ProjectorModule.forRoot(kafka)],
    };
  },
  migrate: async (pool) => void (await migrate(pool, MESSAGING_MIGRATIONS, MESSAGING_MIGRATIONS_TABLE)),
  started: (app) => app.get(Projector).start(),
});
