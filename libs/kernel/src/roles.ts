/** What the platform lets someone do (a job role is what they are employed as). */
export const STAFF_ROLES = [
  'staff',
  'dsl',
  'deputy_dsl',
  'headteacher',
  'trust_auditor',
  'trust_admin',
  // Case manager for concerns about a headteacher (KCSIE part four names the chair of governors or the
  // proprietor; in a trust, whoever its policy names — the CEO or the trust's safeguarding lead).
  'trust_safeguarding_lead',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The words people read for each role (served by GET /api/vocabulary). */
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  staff: 'Staff',
  dsl: 'DSL',
  deputy_dsl: 'Deputy DSL',
  headteacher: 'Headteacher',
  trust_auditor: 'Trust auditor',
  trust_admin: 'Trust admin',
  trust_safeguarding_lead: 'Trust safeguarding lead',
};

/** Roles held by trust-level accounts, which belong to no school. */
export const TRUST_LEVEL_ROLES: readonly StaffRole[] = ['trust_auditor', 'trust_admin', 'trust_safeguarding_lead'];

/**
 * Who manages a concern about an adult (KCSIE part four): the headteacher, or — when the headteacher
 * is the adult concerned — the trust's safeguarding lead. Never a DSL, who may be the adult concerned.
 */
export const CASE_MANAGER_ROLES = ['headteacher', 'trust_safeguarding_lead'] as const;
export type CaseManagerRole = (typeof CASE_MANAGER_ROLES)[number];
