export * from './chronology.access.js';
export * from './chronology.controller.js';
export * from './chronology.projection.js';
export * from './chronology.queries.js';
export * from './chronology.service.js';
export * from './chronology.module.js';
