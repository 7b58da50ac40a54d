import { alertsProjection, alertThresholdsFromEnv, type AlertThresholds } from '#lib/alerts';
import { chronologyProjection } from '#lib/chronology';
import { concernAlertRules } from '#lib/concerns';
import { cpTransferAlertRules, cpTransfersProjection } from '#lib/cp-transfers';
import { incidentAlertRules, incidentListProjection, teamTeachProjection } from '#lib/incidents';
import { directoryProjection, pupilAlertRules } from '#lib/pupils';
import type { Projection } from '#lib/read-models';
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
  restrictiveInterventionsProjection,
  cpTransfersProjection,
];

/** The DSL inbox with every feature's alert rules. */
export function platformAlertsProjection(thresholds: AlertThresholds): Projection {
  return alertsProjection({
    rules: [
      concernAlertRules(thresholds),
      incidentAlertRules(thresholds),
      workforceAlertRules(thresholds),
      pupilAlertRules(),
      cpTransferAlertRules(),
    ],
  });
}

/** Every projection the platform runs. */
export const PROJECTIONS_LIST: Projection[] = [platformAlertsProjection(alertThresholdsFromEnv()), ...READ_PROJECTIONS];
