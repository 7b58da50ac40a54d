import 'reflect-metadata';
import { PROJECTIONS_LIST } from '../../platform/src/projections.js';
import { migrate } from '../../../libs/event-store/src/postgres/migrations.js';
import { runDeployable } from '../../../libs/messaging/src/deployable.js';
import { eventTallyProjection } from '../../../libs/messaging/src/event-tally.projection.js';
import { loadKafkaConfig } from '../../../libs/messaging/src/messaging-config.js';
import { MESSAGING_MIGRATIONS, MESSAGING_MIGRATIONS_TABLE } from '../../../libs/messaging/src/migrations.js';
import { Projector, ProjectorModule } from '../../../libs/messaging/src/projector.module.js';

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
