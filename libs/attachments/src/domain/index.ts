export * from './attachments.js';
export * from './personal-data.js';
