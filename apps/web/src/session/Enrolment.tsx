import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describedBy, ErrorSummary, FieldError, LoadState, Page, useLoad, type FormProblem } from '../components/ui.js';
import { api, ApiError, type LoginResponse } from './api.js';
import type { User } from './session.js';

/** What sign-in answers for an account that must set up a second factor before anything else. */
export interface EnrolmentStart {
  mfaEnrolmentRequired: true;
  enrolmentToken: string;
  user: User;
}

interface Secret {
  secret: string;
  otpauthUrl: string;
  qrCodeDataUrl: string;
}

/** Groups of four, as authenticator apps show them, so the secret can be typed in by hand. */
const grouped = (secret: string): string => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * First sign-in of a DSL, head, auditor or admin: scan the QR code (or type the secret), then give
 * the first code, which proves the app holds the secret. Only then is there a full session.
 */
export function Enrolment({ start, onDone }: { start: EnrolmentStart; onDone: (res: LoginResponse) => void }) {
  // One secret per enrolment token: asking again would replace the one the person has just scanned.
  const asked = useRef<{ token: string; secret: Promise<Secret> } | null>(null);
  const secret = useLoad(() => {
    if (asked.current?.token !== start.enrolmentToken)
      asked.current = { token: start.enrolmentToken, secret: api.post<Secret>('/auth/mfa/enrol', {}, { token: start.enrolmentToken }) };
    return asked.current.secret;
  }, [start.enrolmentToken]);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setProblem(null), [code]);

  async function confirm(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) {
      setProblem({
        message: 'Enter the first code your app shows.',
        fields: { enrolCode: 'Enter the 6-digit code from your authenticator app' },
      });
      return;
    }
    setBusy(true);
    try {
      onDone(await api.post<LoginResponse>('/auth/mfa/confirm', { totp: code.trim() }, { token: start.enrolmentToken }));
    } catch (err) {
      setProblem(
        err instanceof ApiError && err.status === 401
          ? {
              message: 'That code was not accepted.',
              fields: { enrolCode: 'Check the app shows this account, then enter its current code' },
            }
          : { message: err instanceof Error ? err.message : 'Could not confirm the code.', fields: {} },
      );
    } finally {
      setBusy(false);
    }
  }

  const errors = problem?.fields ?? {};
  return (
    <Page
      title="Set up your authenticator app"
      intro={`${start.user.name}, your role reads sensitive records, so signing in needs a code as well as a password.`}
    >
      <LoadState loaded={secret} what="your set-up code" />
      {secret.data && (
        <>
          <ol className="steps-explained">
            <li>Open an authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator).</li>
            <li>
              Scan this QR code with it.
              <img
                className="qr"
                src={secret.data.qrCodeDataUrl}
                alt="QR code to add this account to an authenticator app"
                width={200}
                height={200}
              />
            </li>
            <li>
              If you cannot scan it, add the account by hand with this key:{' '}
              <code data-testid="enrolment-secret">{grouped(secret.data.secret)}</code>
            </li>
            <li>Enter the 6-digit code the app now shows.</li>
          </ol>
          <ErrorSummary problem={problem} labels={{ enrolCode: 'Code' }} />
          <form onSubmit={confirm} noValidate className="narrow">
            <div className="field">
              <label htmlFor="field-enrolCode">First code from the app</label>
              <FieldError field="enrolCode" errors={errors} />
              <input
                id="field-enrolCode"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                {...describedBy('enrolCode', errors)}
              />
            </div>
            <button type="submit" disabled={busy}>
              {busy ? 'Checking…' : 'Confirm and sign in'}
            </button>
          </form>
        </>
      )}
    </Page>
  );
}
