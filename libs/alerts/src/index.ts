export * from './domain/index.js';
export * from './alert-thresholds.js';
export * from './alert-vocabulary.js';
export * from './alerts.module.js';
export * from './alerts.projection.js';
export * from './alerts.queries.js';
export { nameAlertSubjects } from './alerts.js';
