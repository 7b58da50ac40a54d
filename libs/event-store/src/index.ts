export * from './event-store.js';
export * from './hashing.js';
export * from './upcasting.js';
export * from './postgres/postgres-event-store.js';
export * from './postgres/migrations.js';
export * from './postgres/database.js';
export * from './postgres/embedded.js';
export * from './in-memory/in-memory-event-store.js';
