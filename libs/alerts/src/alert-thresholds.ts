/** The numbers behind the alert rules. Configuration, not constants: a school may tighten them. */
export interface AlertThresholds {
  /** An urgent or immediate-danger concern not acknowledged this long after it was recorded goes to the deputy DSL. */
  escalateToDeputyMinutes: number;
  /** ... and this long after, to the headteacher. */
  escalateToHeadteacherMinutes: number;
  /** This many concerns about one pupil within `pupilConcernPatternDays` raise a pattern alert. */
  pupilConcernPatternCount: number;
  pupilConcernPatternDays: number;
  /** This many restraints of one pupil within `repeatRestraintDays` ask for a behaviour-plan review. */
  repeatRestraintCount: number;
  repeatRestraintDays: number;
  /** This many low-level concerns about one adult within `adultLowLevelMonths` alert the headteacher. */
  adultLowLevelCount: number;
  adultLowLevelMonths: number;
  /** Pupil and staff debriefs are due by the end of this many school days after the incident's date. */
  debriefSchoolDays: number;
  /** Training becomes due this many days before it expires (the training matrix uses the same number). */
  trainingDueDays: number;
  /** Cover of one absent teacher for more than this many consecutive school days is long-term. */
  longTermCoverSchoolDays: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  escalateToDeputyMinutes: 15,
  escalateToHeadteacherMinutes: 30,
  pupilConcernPatternCount: 3,
  pupilConcernPatternDays: 30,
  repeatRestraintCount: 2,
  repeatRestraintDays: 7,
  adultLowLevelCount: 2,
  adultLowLevelMonths: 12,
  debriefSchoolDays: 2,
  trainingDueDays: 28,
  longTermCoverSchoolDays: 5,
};

/** `escalateToDeputyMinutes` is read from `ALERT_ESCALATE_TO_DEPUTY_MINUTES`, and so on. */
export function envName(key: keyof AlertThresholds): string {
  return `ALERT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The defaults with any overrides from the environment; a malformed value stops the start-up. */
export function alertThresholdsFromEnv(env: Record<string, string | undefined> = process.env): AlertThresholds {
  const thresholds = { ...DEFAULT_ALERT_THRESHOLDS };
  for (const key of Object.keys(DEFAULT_ALERT_THRESHOLDS) as (keyof AlertThresholds)[]) {
    const raw = env[envName(key)];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${envName(key)} must be a whole number of at least 1 (got "${raw}")`);
    thresholds[key] = value;
  }
  if (thresholds.escalateToHeadteacherMinutes <= thresholds.escalateToDeputyMinutes) {
    throw new Error('ALERT_ESCALATE_TO_HEADTEACHER_MINUTES must be more than ALERT_ESCALATE_TO_DEPUTY_MINUTES');
  }
  return thresholds;
}
