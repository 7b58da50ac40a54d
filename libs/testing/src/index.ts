export * from './cluster.js';
export * from './projections/seed.js';
export * from './test-database.js';
export * from './test-platform.js';
