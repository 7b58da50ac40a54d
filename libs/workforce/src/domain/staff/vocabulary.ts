/** Job roles are what someone is employed as; staff roles are what the platform lets them do. */

export const JOB_ROLES = [
  'teacher',
  'teaching_assistant',
  'one_to_one_ta',
  'learning_behaviour_assistant',
  'learning_progress_assistant',
  'cover_supervisor',
  'hlta',
  'dsl',
  'headteacher',
  'other',
] as const;
export type JobRole = (typeof JOB_ROLES)[number];

export { STAFF_ROLES, type StaffRole } from '#lib/kernel';

export const MAX_CONTRACTED_HOURS_PER_WEEK = 60;

// ---- the words people read for these codes (served by GET /api/vocabulary) ----

export const JOB_ROLE_LABELS: Record<JobRole, string> = {
  teacher: 'Teacher',
  teaching_assistant: 'Teaching assistant',
  one_to_one_ta: '1:1 teaching assistant',
  learning_behaviour_assistant: 'Learning & behaviour assistant',
  learning_progress_assistant: 'Learning progress assistant',
  cover_supervisor: 'Cover supervisor',
  hlta: 'HLTA',
  dsl: 'DSL',
  headteacher: 'Headteacher',
  other: 'Other',
};
