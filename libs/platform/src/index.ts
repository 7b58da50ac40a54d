export * from './database.module.js';
export * from './demo-seed.js';
export * from './deployable.js';
export * from './health.controller.js';
export * from './migrations.js';
export * from './platform.js';
export * from './projections.js';
export * from './command-routes.js';
