export * from './cluster.js';
export * from './projections/seed.js';
export * from './read-models.js';
export * from './test-database.js';
export * from './test-platform.js';
export * from './statements.js';
export * from './restrictive-interventions-seed.js';
