export * from './notification-rules.js';
export * from './notifications.migrations.js';
export * from './notifications.module.js';
export * from './notifier.js';
