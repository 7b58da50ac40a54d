export * from './vocabulary.js';
export * from './training-reference.js';
export * from './commands.js';
export * from './events.js';
export * from './decider.js';
