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

export const STAFF_ROLES = ['staff', 'dsl', 'deputy_dsl', 'headteacher', 'trust_auditor', 'trust_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

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

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  staff: 'Staff',
  dsl: 'DSL',
  deputy_dsl: 'Deputy DSL',
  headteacher: 'Headteacher',
  trust_auditor: 'Trust auditor',
  trust_admin: 'Trust admin',
};
