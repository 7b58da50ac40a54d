export * from './command-forwarding.js';
export * from './event-tally.projection.js';
export * from './messaging-config.js';
export * from './migrations.js';
export * from './projection-consumer.js';
export * from './projector.module.js';
export * from './topics.js';
