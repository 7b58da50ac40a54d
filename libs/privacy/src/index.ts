export * from './encrypting-event-store.js';
export * from './erasure.js';
export * from './master-key.js';
export * from './personal-data.js';
export * from './subject-keys.js';
