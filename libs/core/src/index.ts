export * from './config.js';
export * from './clock.js';
export * from './problem-details.js';
export * from './logging.js';
export * from './database.module.js';
export * from './health.controller.js';
export * from './http.js';
