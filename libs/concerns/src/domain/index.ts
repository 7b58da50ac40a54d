export * from './commands.js';
export * from './decider.js';
export * from './events.js';
export * from './vocabulary.js';
export * from './personal-data.js';
export * from './concern-categories.js';
export * from './dsl-record.js';
