import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import { navigate } from '../app/router.js';
import { announce, describedBy, FieldError, type FieldErrors } from '../components/ui.js';
import { api, ApiError, recoverSessionWith, type LoginResponse } from './api.js';
import { clearSession, getSession, replaceToken, saveSession } from './session.js';

/**
 * The two moments a request needs the person again, answered in a dialog over the page they are
 * on, so nothing they typed is lost: a second factor for a record that needs a recent one
 * (step-up), and signing in again when the session has ended. The request that met the 401 waits
 * for the dialog and is then sent again, with its Idempotency-Key, so a command is stored once.
 */
type Kind = 'step-up' | 'sign-in';

interface Pending {
  kind: Kind;
  promise: Promise<boolean>;
  resolve: (recovered: boolean) => void;
}

let pending: Pending | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

/** One dialog at a time: requests that fail together wait on the same answer. */
function ask(kind: Kind): Promise<boolean> {
  if (pending) return pending.kind === kind ? pending.promise : pending.promise.then(() => ask(kind));
  let resolve!: (recovered: boolean) => void;
  const promise = new Promise<boolean>((r) => (resolve = r));
  pending = { kind, promise, resolve };
  notify();
  return promise;
}

function finish(recovered: boolean): void {
  const done = pending;
  pending = null;
  notify();
  done?.resolve(recovered);
}

recoverSessionWith({ stepUp: () => ask('step-up'), signInAgain: () => ask('sign-in') });

const CODE = /^\d{6}$/;

/** The server says a one-time code is needed (or was wrong) rather than the password being wrong. */
export function needsCode(error: ApiError): boolean {
  const p = error.problem;
  return p.mfaRequired === true || /mfa|totp/i.test(p.type) || p.errors?.some((e) => e.field === 'totp') === true;
}

export function SessionPrompts() {
  const current = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => pending?.kind ?? null,
    () => null,
  );
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (current && !el.open) el.showModal();
    if (!current && el.open) el.close();
  }, [current]);

  return (
    <dialog
      ref={dialog}
      className="session-dialog"
      aria-labelledby="session-dialog-title"
      onCancel={(e) => {
        // Escape on step-up is "not now"; an ended session has nothing to go back to.
        e.preventDefault();
        if (current === 'step-up') finish(false);
      }}
    >
      {current === 'step-up' && <StepUp key="step-up" />}
      {current === 'sign-in' && <SignInAgain key="sign-in" />}
    </dialog>
  );
}

function StepUp() {
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!CODE.test(code.trim())) {
      setErrors({ stepUpCode: 'Enter the 6 digits from your authenticator app' });
      return;
    }
    setBusy(true);
    try {
      const res = await api.post<LoginResponse>('/auth/step-up', { totp: code.trim() }, { token: getSession()?.token });
      replaceToken(res.accessToken);
      announce('Confirmed. Opening the record.');
      finish(true);
    } catch (err) {
      setErrors({
        stepUpCode:
          err instanceof ApiError && err.status === 401
            ? 'That code was not accepted. Wait for the next code and try again.'
            : err instanceof Error
              ? err.message
              : 'Could not check the code',
      });
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2 id="session-dialog-title">Confirm it is you</h2>
      <p id="step-up-why">
        This record needs a code from your authenticator app given in the last 15 minutes. Anything you have typed elsewhere is kept.
      </p>
      <div className="field">
        <label htmlFor="field-stepUpCode">One-time code</label>
        <FieldError field="stepUpCode" errors={errors} />
        <input
          id="field-stepUpCode"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          {...describedBy('stepUpCode', errors, 'step-up-why')}
        />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Confirm'}
        </button>
        <button type="button" className="button-secondary" onClick={() => finish(false)}>
          Not now
        </button>
      </div>
    </form>
  );
}

function SignInAgain() {
  const session = getSession();
  const [email, setEmail] = useState(session?.email ?? '');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!email.trim()) found.againEmail = 'Enter your email address';
    if (!password) found.againPassword = 'Enter your password';
    if (askCode && !CODE.test(code.trim())) found.againCode = 'Enter the 6-digit code from your authenticator app';
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setMessage('');
    try {
      const res = await api.post<LoginResponse>(
        '/auth/login',
        { email: email.trim(), password, ...(askCode ? { totp: code.trim() } : {}) },
        { anonymous: true },
      );
      if (!res.accessToken) throw new Error('This account must set up its authenticator app: sign out and sign in again.');
      if (res.user.id !== session?.user.id) {
        // Someone else at this computer: the drafts were the other person's, so they go.
        clearSession();
        saveSession({ token: res.accessToken, user: res.user, email: email.trim() });
        finish(false);
        navigate('/', { replace: true });
        return;
      }
      replaceToken(res.accessToken);
      announce('Signed in again. Carrying on where you were.');
      finish(true);
    } catch (err) {
      if (err instanceof ApiError && needsCode(err)) {
        setMessage(askCode ? 'That code was not accepted.' : 'Enter the code from your authenticator app too.');
        setAskCode(true);
        setCode('');
      } else if (err instanceof ApiError && err.status === 401) setMessage('The email address or password is wrong.');
      else if (err instanceof ApiError && err.status === 423)
        setMessage('Too many failed sign-ins: this account is locked for 15 minutes.');
      else setMessage(err instanceof Error ? err.message : 'Sign-in failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2 id="session-dialog-title">Your session has ended</h2>
      <p>Sign in again to carry on. Nothing you typed has been lost, and what you were sending will be sent once you are signed in.</p>
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
      <div className="field">
        <label htmlFor="field-againEmail">Email address</label>
        <FieldError field="againEmail" errors={errors} />
        <input
          id="field-againEmail"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          {...describedBy('againEmail', errors)}
        />
      </div>
      <div className="field">
        <label htmlFor="field-againPassword">Password</label>
        <FieldError field="againPassword" errors={errors} />
        <input
          id="field-againPassword"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          {...describedBy('againPassword', errors)}
        />
      </div>
      {askCode && (
        <div className="field">
          <label htmlFor="field-againCode">One-time code</label>
          <FieldError field="againCode" errors={errors} />
          <input
            id="field-againCode"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            {...describedBy('againCode', errors)}
          />
        </div>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in and carry on'}
        </button>
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            clearSession();
            finish(false);
            navigate('/sign-in', { replace: true });
          }}
        >
          Sign out instead
        </button>
      </div>
    </form>
  );
}
