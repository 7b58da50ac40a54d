export * from './accounts.js';
export * from './auth.guard.js';
export * from './auth.module.js';
export * from './decorators.js';
export * from './mfa.js';
export * from './migrations.js';
export * from './school-scope.js';
