export * from './domain/index.js';
export * from './directory/directory.projection.js';
export * from './directory/directory.queries.js';
export * from './privacy/erasure.service.js';
export * from './privacy/retention-job.js';
export * from './pupil-directory.js';
export * from './pupils.controller.js';
export * from './pupils.module.js';
