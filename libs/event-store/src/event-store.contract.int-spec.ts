import { createTestDatabase, type TestDatabase } from '../../testing/src/test-database.js';
import { eventStoreContract, type AdapterUnderTest } from './event-store.contract.js';
import { InMemoryEventStore } from './in-memory/in-memory-event-store.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';

let db: TestDatabase | undefined;
const adapters: AdapterUnderTest[] = [
  {
    name: 'postgres',
    create: async () => {
      db = await createTestDatabase('contract');
      await PostgresEventStore.migrate(db.pool);
      return new PostgresEventStore({ pool: db.pool });
    },
    dispose: async () => db?.drop(),
  },
  { name: 'in-memory', create: async () => new InMemoryEventStore() },
];

describe.each(adapters)('event store contract: $name', (adapter) => {
  eventStoreContract(adapter);
});
