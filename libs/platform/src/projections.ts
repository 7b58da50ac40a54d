import { ALERTS_INBOX_TABLES, alertsProjection, alertThresholdsFromEnv, type AlertThresholds } from '#lib/alerts';
import { chronologyProjection } from '#lib/chronology';
import { concernAlertRules, concernListProjection } from '#lib/concerns';
import { cpTransferAlertRules, cpTransfersProjection } from '#lib/cp-transfers';
import { incidentAlertRules, incidentListProjection, teamTeachProjection } from '#lib/incidents';
import { directoryProjection, pupilAlertRules } from '#lib/pupils';
import type { MigrationSource, Projection } from '#lib/read-models';
import { restrictiveInterventionsProjection } from '#lib/reports';
import { coverLedgerProjection, staffDirectoryProjection, trainingMatrixProjection, workforceAlertRules } from '#lib/workforce';

/** The read models of the features, apart from the alert inbox (whose rules take thresholds). */
export const READ_PROJECTIONS: Projection[] = [
  directoryProjection,
  staffDirectoryProjection,
  trainingMatrixProjection,
  coverLedgerProjection,
  teamTeachProjection,
  incidentListProjection,
  chronologyProjection,
  concernListProjection,
  restrictiveInterventionsProjection,
  cpTransfersProjection,
];

function platformAlertRules(thresholds: AlertThresholds) {
  return [
    concernAlertRules(thresholds),
    incidentAlertRules(thresholds),
    workforceAlertRules(thresholds),
    pupilAlertRules(),
    cpTransferAlertRules(),
  ];
}

/** The DSL inbox with every feature's alert rules. */
export function platformAlertsProjection(thresholds: AlertThresholds): Projection {
  return alertsProjection({ rules: platformAlertRules(thresholds) });
}

/**
 * What owns generation tables, each with its own migrations (see `npm run migration:generate`): the
 * read models, the inbox's own tables and each feature's alert rules (`alerts.<family>`).
 */
export const MIGRATION_SOURCES: MigrationSource[] = [
  ALERTS_INBOX_TABLES,
  ...platformAlertRules(alertThresholdsFromEnv())
    .filter((f) => f.entities.length > 0)
    .map((f) => ({ name: `${ALERTS_INBOX_TABLES.name}.${f.family}`, entities: f.entities, migrations: f.migrations })),
  ...READ_PROJECTIONS,
];

/** Every projection the platform runs. */
export const PROJECTIONS_LIST: Projection[] = [platformAlertsProjection(alertThresholdsFromEnv()), ...READ_PROJECTIONS];
