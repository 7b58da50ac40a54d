import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { eventStoreContract, type AdapterUnderTest } from './event-store.contract.js';
import { InMemoryEventStore } from './in-memory/in-memory-event-store.js';
import { kurrentDbEventStoreFromUrl } from './kurrentdb/kurrentdb-event-store.js';
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

// A KurrentDB database cannot be wiped cheaply; the suite copes because every test writes streams with fresh ids and reads $all from its tail.
const kurrentDbUrl = process.env.KURRENTDB_URL;
if (kurrentDbUrl) {
  adapters.push({ name: 'kurrentdb', create: async () => kurrentDbEventStoreFromUrl(kurrentDbUrl) });
} else {
  console.log('[kurrentdb] contract suite NOT RUN: KURRENTDB_URL is not set (no KurrentDB server on this machine)');
}

describe.each(adapters)('event store contract: $name', (adapter) => {
  eventStoreContract(adapter);
});
