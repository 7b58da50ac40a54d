export * from './domain/index.js';
export * from './concern-list.js';
export * from './concerns.controller.js';
export * from './concerns.module.js';
