export * from './projection.js';
export * from './projection-runner.js';
export * from './read-models.js';
export * from './read-models.module.js';
export * from './migrations.js';
export * from './schemas.js';
