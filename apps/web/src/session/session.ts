import { useSyncExternalStore } from 'react';

/** The roles the server knows (`roles` in GET /api/vocabulary); a role added there reads as its label. */
export type Role =
  'staff' | 'dsl' | 'deputy_dsl' | 'headteacher' | 'trust_auditor' | 'trust_admin' | 'trust_safeguarding_lead' | (string & {});

export interface User {
  id: string;
  name: string;
  roles: Role[];
  schoolId: string | null;
  trustId: string;
}

export interface Session {
  token: string;
  user: User;
  /** Who signed in, so an ended session can be resumed by signing in again in place. */
  email?: string;
  /** For trust-level users: the school they chose to look at (sent as `?schoolId=`). */
  schoolId?: string;
}

const KEY = 'safeguarding.session';
const listeners = new Set<() => void>();
let cached: Session | null | undefined;

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  if (cached === undefined) cached = read();
  return cached;
}

function write(next: Session | null): void {
  cached = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export const saveSession = (session: Session): void => write(session);

const DRAFT_PREFIX = 'safeguarding.draft.';

/** Unsent drafts (a concern, an incident) kept in this tab. */
export const hasDrafts = (): boolean => Object.keys(sessionStorage).some((key) => key.startsWith(DRAFT_PREFIX));

/**
 * Signing out on purpose also drops any unsent drafts: they may hold safeguarding details and the
 * next person at this computer must not find them. An ended session does not come here: it is
 * resumed in place with its drafts (SessionPrompts).
 */
export function clearSession(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(DRAFT_PREFIX)) sessionStorage.removeItem(key);
  write(null);
}

/** A fresh token for the same person (step-up, signing in again): everything else stays. */
export function replaceToken(token: string): void {
  const current = getSession();
  if (current) write({ ...current, token });
}

export function chooseSchool(schoolId: string | undefined): void {
  const current = getSession();
  if (current) write({ ...current, schoolId });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const useSession = (): Session | null => useSyncExternalStore(subscribe, getSession, getSession);

export const hasRole = (user: User | undefined | null, ...roles: Role[]): boolean => !!user && user.roles.some((r) => roles.includes(r));

/** DSL, deputy DSL and headteacher: the people who triage concerns and read chronologies. */
export const isSafeguardingLead = (user: User | undefined | null): boolean => hasRole(user, 'dsl', 'deputy_dsl', 'headteacher');

/** Anyone who works in a school (trust-level accounts do not raise concerns or record incidents). */
export const isSchoolStaff = (user: User | undefined | null): boolean =>
  !!user?.schoolId && hasRole(user, 'staff', 'dsl', 'deputy_dsl', 'headteacher');

export const isTrustUser = (user: User | undefined | null): boolean =>
  !user?.schoolId && hasRole(user, 'trust_auditor', 'trust_admin', 'trust_safeguarding_lead');

/** The audit routes answer trust auditors, DSLs and headteachers (not deputies). */
export const canAudit = (user: User | undefined | null): boolean => hasRole(user, 'trust_auditor', 'dsl', 'headteacher');
