export * from './domain/index.js';
export * from './attachments.migrations.js';
export * from './attachments.module.js';
