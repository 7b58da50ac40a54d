export * from './audit.controller.js';
export * from './replay-export.js';
export * from './audit.module.js';
