import { useState, type FormEvent } from 'react';
import { api, ApiError, type LoginResponse } from './api.js';
import { describedBy, ErrorSummary, FieldError, Page, type FormProblem } from '../components/ui.js';
import { navigate } from '../app/router.js';
import { Enrolment, type EnrolmentStart } from './Enrolment.js';
import { needsCode } from './SessionPrompts.js';
import { saveSession, type User } from './session.js';
import { homeOf } from '../app/screens.js';

/** Where a role starts its day: the inbox for those who triage, a new concern for school staff. */
export const landingPage = (user: User): string => homeOf(user);

export function SignInPage({ next }: { next?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askCode, setAskCode] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [enrolling, setEnrolling] = useState<EnrolmentStart | null>(null);
  const finish = (res: LoginResponse) => {
    saveSession({ token: res.accessToken, user: res.user, email: email.trim() });
    navigate(next && next.startsWith('/') && next !== '/sign-in' ? next : landingPage(res.user), { replace: true });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!email.trim()) fields.email = 'Enter your email address';
    if (!password) fields.password = 'Enter your password';
    if (askCode && !/^\d{6}$/.test(totp.trim())) fields.totp = 'Enter the 6-digit code from your authenticator app';
    if (Object.keys(fields).length) {
      setProblem({ message: 'Check the highlighted fields.', fields });
      return;
    }
    setBusy(true);
    try {
      const body = { email: email.trim(), password, ...(askCode ? { totp: totp.trim() } : {}) };
      const res = await api.post<LoginResponse & Partial<EnrolmentStart>>('/auth/login', body, { anonymous: true });
      if (res.mfaEnrolmentRequired && res.enrolmentToken)
        setEnrolling({ mfaEnrolmentRequired: true, enrolmentToken: res.enrolmentToken, user: res.user });
      else finish(res);
    } catch (err) {
      if (err instanceof ApiError && needsCode(err)) {
        const first = !askCode;
        setAskCode(true);
        setProblem({
          message: first
            ? 'Your account needs a one-time code. Enter the code from your authenticator app.'
            : 'That code was not accepted.',
          fields: first ? {} : { totp: 'Enter the current 6-digit code' },
        });
      } else if (err instanceof ApiError && err.status === 401) {
        setProblem({ message: 'The email address or password is wrong.', fields: {} });
      } else if (err instanceof ApiError && err.status === 423) {
        setProblem({ message: 'Too many failed sign-ins: this account is locked for 15 minutes.', fields: {} });
      } else {
        setProblem({ message: err instanceof Error ? err.message : 'Sign-in failed.', fields: {} });
      }
    } finally {
      setBusy(false);
    }
  }

  const errors = problem?.fields ?? {};
  if (enrolling) return <Enrolment start={enrolling} onDone={finish} />;
  return (
    <Page title="Sign in">
      <ErrorSummary problem={problem} labels={{ email: 'Email', password: 'Password', totp: 'Code' }} />
      <form onSubmit={submit} noValidate className="narrow">
        <div className="field">
          <label htmlFor="field-email">Email address</label>
          <FieldError field="email" errors={errors} />
          <input
            id="field-email"
            type="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            {...describedBy('email', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-password">Password</label>
          <FieldError field="password" errors={errors} />
          <input
            id="field-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            {...describedBy('password', errors)}
          />
        </div>
        {askCode && (
          <div className="field">
            <label htmlFor="field-totp">One-time code</label>
            <p className="hint" id="totp-hint">
              The 6 digits shown in your authenticator app.
            </p>
            <FieldError field="totp" errors={errors} />
            <input
              id="field-totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
              {...describedBy('totp', errors, 'totp-hint')}
            />
          </div>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </Page>
  );
}
