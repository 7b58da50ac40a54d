import { getSession, type User } from './session.js';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details as the server sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  rule?: string;
  mfaRequired?: boolean;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** The record version the user saw; a stale one makes the server answer 409. */
  ifMatch?: number;
  /** Repeating a command with the same key stores nothing new (safe retries after a network failure). */
  idempotencyKey?: string;
  /** Sign-in itself: no token, and a 401 is an answer, not a session to recover. */
  anonymous?: boolean;
  /** A token other than the session's (enrolling a second factor with the limited enrolment token). */
  token?: string;
  /** A 401 is the answer (signing out): no prompt to sign in again. */
  noRecovery?: boolean;
  /** The answer is a file (a PDF): the body comes back as a Blob. */
  blob?: boolean;
  /** A body that is not JSON (a CSV file), sent as it is with its media type. */
  text?: { content: string; type: string };
}

/**
 * What the app does when the server refuses the token: `stepUp` asks for a fresh second factor
 * (a chronology read more than 15 minutes after the last code), `signInAgain` signs the same person
 * in again in place. Each resolves to true once a new token is saved, and the request is retried;
 * nothing typed is lost either way, because the page stays where it is.
 */
export interface SessionRecovery {
  stepUp: () => Promise<boolean>;
  signInAgain: () => Promise<boolean>;
}

let recovery: SessionRecovery = { stepUp: async () => false, signInAgain: async () => false };

export function recoverSessionWith(handlers: SessionRecovery): void {
  recovery = handlers;
}

/** The second factor is too old for this read: the problem type the server's step-up guard sends. */
export const isStepUpRequired = (problem: Problem): boolean => problem.type === 'urn:problem:step-up-required';

export function apiUrl(path: string, query: Query = {}): string {
  const chosen = getSession()?.schoolId;
  // A next page's address (from the server) carries its query already; the school is added only where missing.
  const [base, given = ''] = path.split('?');
  const all: Query = { ...Object.fromEntries(new URLSearchParams(given)), ...query };
  return `/api${base}${toQuery(chosen && !all.schoolId ? { ...all, schoolId: chosen } : all)}`;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return (await exchange<T>(method, path, options)).body;
}

/** A request's body and the address of the next page, when the list has one (Link rel="next"). */
async function exchange<T>(method: string, path: string, options: RequestOptions = {}): Promise<{ body: T; next: string | null }> {
  for (;;) {
    const session = getSession();
    const headers: Record<string, string> = {
      Accept: options.blob ? 'application/pdf, application/problem+json' : 'application/json, application/problem+json',
    };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.text) headers['Content-Type'] = options.text.type;
    const token = options.token ?? (options.anonymous ? undefined : session?.token);
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.ifMatch !== undefined) headers['If-Match'] = String(options.ifMatch);
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    // Trust auditors choose a school with ?schoolId= on reads only; commands act in the token's school.
    const url = method === 'GET' ? apiUrl(path, options.query) : `/api${path}${toQuery(options.query)}`;

    let res: Response;
    try {
      const body = options.text ? options.text.content : options.body === undefined ? undefined : JSON.stringify(options.body);
      res = await fetch(url, { method, headers, body });
    } catch {
      throw new ApiError({
        type: 'urn:problem:network',
        title: 'No connection',
        status: 0,
        detail: 'The server could not be reached. Nothing you typed has been lost; try again when you are back online.',
      });
    }
    if (res.ok && options.blob) return { body: (await res.blob()) as T, next: null };
    const body = await readBody(res);
    if (res.ok) return { body: body as T, next: /<\/api([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null };

    const problem = plainProblem(toProblem(res.status, body));
    // The same request (same Idempotency-Key) goes again once the person has proved who they are.
    if (res.status === 401 && session && !options.anonymous && !options.token && !options.noRecovery) {
      const recovered = isStepUpRequired(problem) ? await recovery.stepUp() : await recovery.signInAgain();
      if (recovered) continue;
    }
    throw new ApiError(problem);
  }
}

function toQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function toProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && 'status' in body) {
    const p = body as Partial<Problem> & { message?: unknown };
    return {
      ...p,
      type: p.type ?? `urn:problem:http-${status}`,
      title: p.title ?? 'Request failed',
      status,
      detail: p.detail ?? (typeof p.message === 'string' ? p.message : undefined),
      errors: Array.isArray(p.errors) ? p.errors : undefined,
    };
  }
  return {
    type: `urn:problem:http-${status}`,
    title: 'Request failed',
    status,
    detail: typeof body === 'string' ? body.slice(0, 300) : undefined,
  };
}

/** What to tell a person about a failure: for a server fault, what to do rather than its name. */
export function plainProblem(problem: Problem): Problem {
  if (problem.status >= 500)
    return {
      ...problem,
      title: 'Something went wrong on our side',
      detail: 'The service had a problem and nothing was stored. Try again in a moment; if it keeps happening, tell the office.',
    };
  return problem;
}

/** Lists come a page at a time (100 rows); a list is read to its end, page by page, up to this many. */
const MAX_PAGES = 50;

/** Every row of a list, following the server's cursors (Link rel="next") from page to page. */
async function list<T>(path: string, query?: Query, ...keys: string[]): Promise<T[]> {
  const rows: T[] = [];
  let page = await exchange<unknown>('GET', path, { query });
  rows.push(...rowsOf<T>(page.body, ...keys));
  for (let n = 1; page.next !== null && n < MAX_PAGES; n++) {
    // The next page's address carries the query (and the cursor) already.
    page = await exchange<unknown>('GET', page.next);
    rows.push(...rowsOf<T>(page.body, ...keys));
  }
  return rows;
}

export const api = {
  list,
  request,
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body: unknown = {}, options: Omit<RequestOptions, 'body'> = {}) => request<T>('POST', path, { ...options, body }),
  /** A file's text with its media type (an MIS export as text/csv). */
  postText: <T>(path: string, content: string, type: string, options: Omit<RequestOptions, 'body' | 'text'> = {}) =>
    request<T>('POST', path, { ...options, text: { content, type } }),
  /** A file the server makes (a printed record), as a Blob; a step-up or a new sign-in is asked for as for any read. */
  file: (path: string, query?: Query) => request<Blob>('GET', path, { query, blob: true }),
};

/** A list endpoint may answer with a bare array or wrap it; the pages only need the rows. */
export function rowsOf<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    for (const key of [...keys, 'items', 'rows', 'data', 'events']) {
      const value = (body as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
}

export const newKey = (): string => crypto.randomUUID();

/** 400 and 422 store nothing: a corrected retry is a new command and needs a new Idempotency-Key. */
export const isRefusal = (err: unknown): boolean => err instanceof ApiError && (err.status === 400 || err.status === 422);

// ---- shapes the pages read (from API.md; optional fields are read defensively) ----

export interface LoginResponse {
  accessToken: string;
  user: User;
}

export interface PupilSummary {
  id: string;
  name?: string;
  fullName?: string | null;
  firstName?: string;
  lastName?: string;
  yearGroup?: string | number;
}

export interface StaffSummary {
  id: string;
  name: string;
  jobRole?: string;
  roles?: string[];
}

export interface Created {
  id: string;
}

export interface Changed {
  id: string;
  version: number;
}

export const pupilName = (p: PupilSummary): string => p.name ?? p.fullName ?? [p.firstName, p.lastName].filter(Boolean).join(' ');

export interface Alert {
  id: string;
  kind: string;
  priority: string;
  raisedAt: string;
  escalationLevel: number;
  status: 'open' | 'acknowledged' | 'resolved';
  subject: {
    pupilId?: string;
    staffId?: string;
    concernId?: string;
    incidentId?: string;
    coverAssignmentId?: string;
    /** Names, for the roles the server names them to. */
    pupilName?: string;
    staffName?: string;
  };
  message: string;
}

export interface HistoryEntry {
  type: string;
  occurredAt?: string;
  recordedAt?: string;
  actorId?: string;
  actorName?: string;
  streamVersion?: number;
  data?: Record<string, unknown>;
}
