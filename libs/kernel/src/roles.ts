/** What the platform lets someone do (a job role is what they are employed as). */
export const STAFF_ROLES = ['staff', 'dsl', 'deputy_dsl', 'headteacher', 'trust_auditor', 'trust_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
