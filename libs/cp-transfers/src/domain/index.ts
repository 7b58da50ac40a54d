export * from './commands.js';
export * from './decider.js';
export * from './events.js';
export * from './personal-data.js';
