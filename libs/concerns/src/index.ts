export * from './domain/index.js';
export * from './concern-list.js';
export * from './concerns.controller.js';
export * from './concerns.module.js';
export * from './concern-access.js';
export * from './concern-visibility.js';
