/**
 * The pure domain: deciders for every aggregate. Each aggregate's exports carry its own prefix
 * (concernDecider, CoverAssigned, …), so everything is re-exported flat without clashes.
 */
export * from './decider.js';
export * from './concern/index.js';
export * from './incident/index.js';
export * from './staff/index.js';
export * from './cover/index.js';
export * from './pupil/index.js';
// Specs import DeciderSpecification from ./testing/decider-specification.js; it needs jest, so it stays out of this barrel.
