import type { Role } from '#lib/kernel';

/** Who reads a pupil's whole chronology: the safeguarding leads and the trust's auditors. */
export const CHRONOLOGY_READERS: Role[] = ['dsl', 'deputy_dsl', 'headteacher', 'trust_auditor'];
