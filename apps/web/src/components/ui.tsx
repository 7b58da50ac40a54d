import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { ApiError } from '../session/api.js';

// ---- page frame: title, focus moves to the heading on navigation so screen readers hear it ----

export function Page({ title, children, intro }: { title: string; children: ReactNode; intro?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — Safeguarding`;
    heading.current?.focus();
  }, [title]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {intro && <p className="intro">{intro}</p>}
      {children}
    </>
  );
}

// ---- one polite live region for the whole app ----

let announcement = '';
const announceListeners = new Set<() => void>();

/** Says something to screen-reader users without moving focus. */
export function announce(message: string): void {
  // Clearing first makes a repeated message be read again.
  announcement = '';
  announceListeners.forEach((l) => l());
  window.setTimeout(() => {
    announcement = message;
    announceListeners.forEach((l) => l());
  }, 50);
}

export function Announcer() {
  const text = useSyncExternalStore(
    (l) => {
      announceListeners.add(l);
      return () => announceListeners.delete(l);
    },
    () => announcement,
    () => '',
  );
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {text}
    </div>
  );
}

// ---- errors ----

export type FieldErrors = Record<string, string>;

/** `bodyMap[0].note` → `bodyMap`: errors are shown next to the top-level control. */
export const topField = (field: string): string => field.split(/[.[]/)[0] ?? field;

export interface FormProblem {
  message: string;
  fields: FieldErrors;
}

/**
 * Turns a failed request into a summary and field errors. `ruleFields` maps 422 rule codes to the
 * field they concern, so a business-rule refusal also appears next to the right control.
 */
export function problemOf(error: unknown, ruleFields: Record<string, string> = {}): FormProblem {
  if (!(error instanceof ApiError)) return { message: error instanceof Error ? error.message : 'Something went wrong.', fields: {} };
  const fields: FieldErrors = {};
  for (const e of error.fieldErrors) {
    const key = topField(e.field);
    fields[key] = fields[key] ? `${fields[key]}; ${e.message}` : e.message;
  }
  const ruleField = error.problem.rule ? ruleFields[error.problem.rule] : undefined;
  if (ruleField && !fields[ruleField]) fields[ruleField] = error.problem.detail ?? error.problem.title;
  return { message: error.problem.detail ?? error.problem.title, fields };
}

/** Removes one field's error once it is corrected; the summary goes when nothing is left to fix. */
export function clearField(problem: FormProblem, field: string): FormProblem | null {
  if (!(field in problem.fields)) return problem;
  const { [field]: _fixed, ...rest } = problem.fields;
  return Object.keys(rest).length === 0 ? null : { ...problem, fields: rest };
}

/** The error summary: an alert listing each problem, with links that move focus to the field. */
export function ErrorSummary({
  problem,
  labels,
  title = 'There is a problem',
}: {
  problem: FormProblem | null;
  labels?: Record<string, string>;
  title?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (problem) box.current?.focus();
  }, [problem]);
  if (!problem) return null;
  const entries = Object.entries(problem.fields);
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={box} aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <p>{problem.message}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, message]) => (
            <li key={field}>
              <a
                href={`#field-${field}`}
                onClick={(e) => {
                  // In-page anchors would replace the hash route, so move focus by hand.
                  e.preventDefault();
                  focusField(field);
                }}
              >
                {labels?.[field] ? `${labels[field]}: ` : ''}
                {message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function focusField(field: string): void {
  const target = document.getElementById(`field-${field}`);
  if (!target) return;
  const focusable = target.matches('input, select, textarea, button')
    ? target
    : target.querySelector<HTMLElement>('input, select, textarea, button');
  (focusable ?? target).focus();
  target.scrollIntoView({ block: 'center' });
}

export function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  if (!errors[field]) return null;
  return (
    <p className="field-error" id={`error-${field}`}>
      <span className="visually-hidden">Error: </span>
      {errors[field]}
    </p>
  );
}

/** aria props for a control with a possible error and hint. */
export function describedBy(field: string, errors: FieldErrors, ...hints: (string | false | undefined)[]) {
  const ids = [...hints.filter(Boolean), errors[field] ? `error-${field}` : undefined].filter(Boolean).join(' ');
  return { 'aria-invalid': errors[field] ? true : undefined, 'aria-describedby': ids || undefined } as const;
}

// ---- loading data ----

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [run, tick]);
  // Stable, so effects that depend on it (a live stream) do not restart on every render.
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export function LoadState({ loaded, what }: { loaded: Loaded<unknown>; what: string }) {
  if (loaded.loading && loaded.data === undefined)
    return (
      <p role="status" className="muted">
        Loading {what}…
      </p>
    );
  if (loaded.error) {
    const status = loaded.error instanceof ApiError ? loaded.error.status : 0;
    const notFound = status === 404;
    // A refusal is an answer: trying again cannot change it.
    const forbidden = status === 403;
    const stepUp = loaded.error instanceof ApiError && loaded.error.problem.type === 'urn:problem:step-up-required';
    return (
      <div className="notice notice-error" role="alert">
        <p>
          {notFound
            ? `No ${what} found, or you are not allowed to see it.`
            : forbidden
              ? `Your role does not include the ${what}.`
              : stepUp
                ? `The ${what} needs a code from your authenticator app.`
                : `Could not load ${what}: ${problemOf(loaded.error).message}`}
        </p>
        {stepUp && (
          <button type="button" onClick={loaded.reload}>
            Enter a code
          </button>
        )}
        {!notFound && !forbidden && !stepUp && (
          <button type="button" className="button-secondary" onClick={loaded.reload}>
            Try again
          </button>
        )}
      </div>
    );
  }
  return null;
}

// ---- small pieces ----

/** A coloured label that always carries its meaning in text too. */
export function Badge({ tone, children }: { tone: string; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export const YesNo = ({ value }: { value: boolean | undefined }) =>
  value ? <Badge tone="ok">✓ Yes</Badge> : <Badge tone="bad">✗ No</Badge>;

/** Saves a form's state in sessionStorage so typed text survives a failed submit or a reload. */
export function useDraft<T>(key: string, initial: () => T): [T, (update: (draft: T) => T) => void, () => void] {
  const storageKey = `safeguarding.draft.${key}`;
  const [draft, setDraft] = useState<T>(() => {
    try {
      const saved = sessionStorage.getItem(storageKey);
      if (saved) return { ...initial(), ...(JSON.parse(saved) as T) };
    } catch {
      // A corrupt draft is dropped rather than blocking the form.
    }
    return initial();
  });
  const update = useCallback(
    (change: (d: T) => T) =>
      setDraft((d) => {
        const next = change(d);
        sessionStorage.setItem(storageKey, JSON.stringify(next));
        return next;
      }),
    [storageKey],
  );
  const discard = useCallback(() => {
    sessionStorage.removeItem(storageKey);
    setDraft(initial());
  }, [storageKey]);
  return [draft, update, discard];
}

export function downloadFile(name: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

export const csvCell = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

// ---- commands on a record ----

export interface Command {
  problem: FormProblem | null;
  busy: boolean;
  /** Runs a command; true when it succeeded. A 409 reloads the record and says why. */
  run: (send: () => Promise<unknown>, success: string, ruleFields?: Record<string, string>) => Promise<boolean>;
  clear: () => void;
}

export function useCommand(reload: () => void, what = 'record'): Command {
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (send: () => Promise<unknown>, success: string, ruleFields: Record<string, string> = {}) => {
    setBusy(true);
    setProblem(null);
    try {
      await send();
      announce(success);
      reload();
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setProblem({
          message: `Someone else changed this ${what} while you were working. The latest version has been loaded: check it, then submit again. Your text is kept.`,
          fields: {},
        });
        reload();
      } else {
        setProblem(problemOf(err, ruleFields));
      }
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { problem, busy, run, clear: () => setProblem(null) };
}
