export * from './domain/index.js';
export * from './incidents.module.js';
export * from './team-teach/team-teach.controller.js';
export * from './team-teach/team-teach.projection.js';
export * from './team-teach/team-teach.queries.js';
export * from './team-teach/team-teach.service.js';
export * from './alerts/incident-alert-rules.js';
export * from './incident-access.js';
