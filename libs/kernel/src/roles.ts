/** What the platform lets someone do (a job role is what they are employed as). */
export const STAFF_ROLES = ['staff', 'dsl', 'deputy_dsl', 'headteacher', 'trust_auditor', 'trust_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The words people read for each role (served by GET /api/vocabulary). */
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  staff: 'Staff',
  dsl: 'DSL',
  deputy_dsl: 'Deputy DSL',
  headteacher: 'Headteacher',
  trust_auditor: 'Trust auditor',
  trust_admin: 'Trust admin',
};
