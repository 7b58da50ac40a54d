/**
 * Training reference data and the pure date rules over it. A trust can change the reference
 * (validity, which job roles need which course), so deciders receive it in commands rather than
 * reading constants.
 */
import { daysBetween } from '#lib/kernel';
import type { JobRole, StaffRole } from './vocabulary.js';

export interface TrainingCourse {
  title: string;
  validityMonths: number;
}

export interface TrainingReference {
  /** Keyed by course code; a trust may add its own courses. */
  courses: Record<string, TrainingCourse>;
  requiredByJobRole: Record<JobRole, string[]>;
  /**
   * Courses a platform role requires whatever the job title: a deputy DSL employed as a teacher still
   * needs DSL training (KCSIE: the designated lead and any deputies, refreshed every two years).
   * Absent in references stored before it existed: the default's then apply.
   */
  requiredByRole?: Partial<Record<StaffRole, string[]>>;
}

export const TRAINING_COURSES = [
  'team_teach_level_1',
  'team_teach_level_2',
  'team_teach_advanced',
  'proact_scip',
  'first_aid_at_work',
  'emergency_first_aid',
  'paediatric_first_aid',
  'safeguarding_update',
  'kcsie_part_one',
  'dsl_training',
  'prevent',
  'moving_and_handling',
] as const;
export type TrainingCourseCode = (typeof TRAINING_COURSES)[number];

/** Courses that certify a member of staff to use physical-intervention holds. */
export const PHYSICAL_INTERVENTION_COURSES: readonly TrainingCourseCode[] = [
  'team_teach_level_1',
  'team_teach_level_2',
  'team_teach_advanced',
  'proact_scip',
];

// KCSIE: every member of staff has safeguarding training with regular updates, reads part one
// each year, and has Prevent awareness.
const EVERYONE: TrainingCourseCode[] = ['safeguarding_update', 'kcsie_part_one', 'prevent'];

/**
 * Defaults for a UK school, from the seed job descriptions:
 * - classroom TAs hold Team Teach level 1 and paediatric first aid (they work in EYFS/KS1 rooms);
 * - 1:1 TAs and learning & behaviour assistants work with pupils most likely to need physical
 *   intervention, so they hold level 2 (annual refresher) and emergency first aid;
 * - learning progress assistants, HLTAs and cover supervisors lead groups alone: level 1 and
 *   emergency first aid;
 * - the DSL and the headteacher (often a deputy DSL) hold DSL training;
 * - teachers and other staff need the whole-school safeguarding set only.
 * First aid at work, Team Teach advanced and moving & handling are role-specific appointments the
 * school records where it needs them, not defaults.
 */
export const DEFAULT_TRAINING_REFERENCE: TrainingReference = {
  courses: {
    team_teach_level_1: { title: 'Team Teach Level 1', validityMonths: 24 },
    team_teach_level_2: { title: 'Team Teach Level 2', validityMonths: 12 },
    team_teach_advanced: { title: 'Team Teach Advanced', validityMonths: 12 },
    proact_scip: { title: 'PROACT-SCIPr-UK', validityMonths: 12 },
    first_aid_at_work: { title: 'First Aid at Work', validityMonths: 36 },
    emergency_first_aid: { title: 'Emergency First Aid at Work', validityMonths: 36 },
    paediatric_first_aid: { title: 'Paediatric First Aid', validityMonths: 36 },
    safeguarding_update: { title: 'Safeguarding update', validityMonths: 12 },
    kcsie_part_one: { title: 'Keeping Children Safe in Education, part one', validityMonths: 12 },
    dsl_training: { title: 'Designated Safeguarding Lead training', validityMonths: 24 },
    prevent: { title: 'Prevent duty awareness', validityMonths: 24 },
    moving_and_handling: { title: 'Moving and handling', validityMonths: 36 },
  },
  requiredByJobRole: {
    teacher: [...EVERYONE],
    teaching_assistant: [...EVERYONE, 'team_teach_level_1', 'paediatric_first_aid'],
    one_to_one_ta: [...EVERYONE, 'team_teach_level_2', 'emergency_first_aid'],
    learning_behaviour_assistant: [...EVERYONE, 'team_teach_level_2', 'emergency_first_aid'],
    learning_progress_assistant: [...EVERYONE, 'team_teach_level_1', 'emergency_first_aid'],
    cover_supervisor: [...EVERYONE, 'team_teach_level_1', 'emergency_first_aid'],
    hlta: [...EVERYONE, 'team_teach_level_1', 'emergency_first_aid'],
    dsl: [...EVERYONE, 'dsl_training'],
    headteacher: [...EVERYONE, 'dsl_training'],
    other: [...EVERYONE],
  },
  requiredByRole: {
    dsl: ['dsl_training'],
    deputy_dsl: ['dsl_training'],
  },
};

/** The courses a member of staff needs: those of their job role and those of each of their roles. */
export function requiredCourses(reference: TrainingReference, jobRole: string, roles: readonly string[]): string[] {
  const byRole = (reference.requiredByRole ?? DEFAULT_TRAINING_REFERENCE.requiredByRole ?? {}) as Record<string, string[] | undefined>;
  const required = [...(reference.requiredByJobRole[jobRole as JobRole] ?? []), ...roles.flatMap((r) => byRole[r] ?? [])];
  // Only courses the reference has: a trust that removed a course no longer requires it.
  return [...new Set(required)].filter((c) => c in reference.courses);
}

/** The part of a completion the date rules need. */
export interface CompletionPeriod {
  course: string;
  completedOn: string;
  expiresOn: string;
}

export type TrainingStatus = 'valid' | 'due' | 'expired' | 'missing' | 'not_required';

/**
 * `completedOn` plus whole calendar months, clamped to the end of a shorter month
 * (2025-01-31 + 1 month = 2025-02-28). The certificate is valid up to and including this date.
 */
export function computeExpiry(completedOn: string, months: number): string {
  const [y, m, d] = completedOn.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * One course's status for the training matrix as of a date. A completion dated after `asOf` did
 * not exist yet. A course not required shows `not_required` unless the person holds it in date,
 * because an in-date certificate still matters (e.g. a teacher certified in Team Teach).
 */
export function trainingStatus(
  completion: Pick<CompletionPeriod, 'completedOn' | 'expiresOn'> | undefined,
  required: boolean,
  asOf: string,
  dueWithinDays = 28,
): TrainingStatus {
  const held = completion !== undefined && completion.completedOn <= asOf ? completion : undefined;
  if (held === undefined) return required ? 'missing' : 'not_required';
  if (asOf > held.expiresOn) return required ? 'expired' : 'not_required';
  return daysBetween(asOf, held.expiresOn) <= dueWithinDays ? 'due' : 'valid';
}

/** The completion of a course that counts on `asOf`: already completed, latest expiry. */
export function latestCompletion<T extends CompletionPeriod>(completions: readonly T[], course: string, asOf: string): T | undefined {
  return completions
    .filter((c) => c.course === course && c.completedOn <= asOf)
    .reduce<T | undefined>((best, c) => (best === undefined || c.expiresOn > best.expiresOn ? c : best), undefined);
}

/** Whether any of `courses` was in date on `date` (e.g. any physical-intervention course on the day of a restraint). */
export function isCertifiedOn(completions: readonly CompletionPeriod[], courses: readonly string[], date: string): boolean {
  return completions.some((c) => courses.includes(c.course) && c.completedOn <= date && date <= c.expiresOn);
}

export const TRAINING_STATUS_LABELS: Record<TrainingStatus, string> = {
  valid: 'Valid',
  due: 'Due',
  expired: 'Expired',
  missing: 'Missing',
  not_required: 'Not required',
};
