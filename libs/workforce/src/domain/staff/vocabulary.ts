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
