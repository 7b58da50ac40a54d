export * from './imports.access.js';
export * from './imports.controller.js';
export * from './mis-import.module.js';
export * from './upn.js';
