export * from './actor.js';
export * from './dates.js';
export * from './decider-specification.js';
export * from './decider.js';
export * from './roles.js';
export * from './school-calendar.js';
export * from './validation.js';
export * from './working-days.js';
