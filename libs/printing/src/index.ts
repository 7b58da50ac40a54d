export * from './printed-record.js';
export * from './pdf-response.js';
export * from './format-query.js';
