import { useState } from 'react';
import { href } from '../app/router.js';
import { announce, Page, useLoad } from '../components/ui.js';
import { formatDateTime } from '../components/time.js';
import { api, ApiError } from '../session/api.js';

type EmailChoice = 'immediate' | 'digest' | 'off';

interface Notice {
  id: string;
  kind: 'concern_closed';
  concernId: string;
  summary: string;
  at: string;
}

const CHOICES: { value: EmailChoice; label: string; hint: string }[] = [
  { value: 'immediate', label: 'Each alert at once', hint: 'An email for every alert addressed to you.' },
  { value: 'digest', label: 'A daily digest', hint: 'One email each morning counting the day’s alerts.' },
  { value: 'off', label: 'No email', hint: 'Alerts stay in the inbox only.' },
];

/** The caller's email choice for non-urgent alerts, and what the app has to tell them. */
export function NotificationSettingsPage() {
  const choice = useLoad(() => api.get<{ email: EmailChoice }>('/me/notifications'), []);
  const notices = useLoad(() => api.get<Notice[]>('/me/notices'), []);
  const [saving, setSaving] = useState(false);
  // Shown as chosen at once; the server's answer follows.
  const [chosen, setChosen] = useState<EmailChoice | null>(null);
  const [error, setError] = useState<string | null>(null);

  const choose = async (email: EmailChoice) => {
    setChosen(email);
    setSaving(true);
    setError(null);
    try {
      await api.request('PUT', '/me/notifications', { body: { email } });
      announce(`Saved: ${CHOICES.find((c) => c.value === email)!.label.toLowerCase()}.`);
      choice.reload();
    } catch (err) {
      setChosen(null);
      setError(err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : 'Not saved. Try again.');
    } finally {
      setSaving(false);
    }
  };

  const dismiss = async (id: string) => {
    await api.post(`/me/notices/${encodeURIComponent(id)}/dismiss`).catch(() => undefined);
    notices.reload();
  };

  return (
    <Page title="Notifications">
      <section aria-labelledby="notices-title">
        <h2 id="notices-title">For you</h2>
        {(notices.data ?? []).length === 0 ? (
          <p>Nothing new.</p>
        ) : (
          <ul className="plain-list">
            {notices.data!.map((n) => (
              <li key={n.id}>
                <p>
                  The concern you raised, <a href={href(`/concerns/${n.concernId}`)}>“{n.summary}”</a>, was closed on {formatDateTime(n.at)}
                  .{' '}
                  <button type="button" className="button-secondary" onClick={() => void dismiss(n.id)}>
                    Dismiss
                  </button>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="email-title">
        <h2 id="email-title">Email</h2>
        <p>
          Urgent concerns, escalations and allegations are always emailed at once. Emails never name anyone: they say what kind of alert,
          which school, and link here.
        </p>
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        {choice.data && (
          <fieldset disabled={saving}>
            <legend>Other alerts</legend>
            {CHOICES.map((c) => (
              <div className="radio" key={c.value}>
                <input
                  type="radio"
                  id={`email-${c.value}`}
                  name="email"
                  value={c.value}
                  checked={(chosen ?? choice.data!.email) === c.value}
                  aria-describedby={`email-${c.value}-hint`}
                  onChange={() => void choose(c.value)}
                />
                <label htmlFor={`email-${c.value}`}>{c.label}</label>
                <p className="muted" id={`email-${c.value}-hint`}>
                  {c.hint}
                </p>
              </div>
            ))}
          </fieldset>
        )}
      </section>
    </Page>
  );
}
