export * from './reports.module.js';
export * from './restrictive-interventions/ri.controller.js';
export * from './restrictive-interventions/ri.pdf.js';
export * from './restrictive-interventions/ri.projection.js';
export * from './restrictive-interventions/ri.report.js';
export * from './restrictive-interventions/ri.types.js';
