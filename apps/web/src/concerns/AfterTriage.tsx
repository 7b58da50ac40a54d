import { useState, type FormEvent } from 'react';
import { api } from '../session/api.js';
import { Badge, describedBy, ErrorSummary, FieldError, useCommand, type FieldErrors } from '../components/ui.js';
import { formatDateTime, localInputToIso, toLocalInput } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';

/** The case after triage: referrals and the agencies' answers, information sharing, reopening. */

export interface Referral {
  referralId: string;
  agency: string;
  referredAt: string;
  reference: string | null;
  contact: string | null;
  followUps: { followedUpAt: string; note: string }[];
  response: { outcome: string; receivedAt: string; note: string } | null;
}

export interface SharingDecision {
  sharingId: string;
  what: string;
  sharedWith: string;
  sharedAt: string;
  consent: string;
  rationale: string | null;
}

function When({
  id,
  text,
  value,
  onChange,
  errors,
}: {
  id: string;
  text: string;
  value: string;
  onChange: (v: string) => void;
  errors: FieldErrors;
}) {
  return (
    <div className="field">
      <label htmlFor={`field-${id}`}>{text}</label>
      <FieldError field={id} errors={errors} />
      <input
        id={`field-${id}`}
        type="datetime-local"
        value={value}
        max={toLocalInput()}
        onChange={(e) => onChange(e.target.value)}
        {...describedBy(id, errors)}
      />
    </div>
  );
}

export function Referrals({
  id,
  referrals,
  handles,
  closed,
  reload,
}: {
  id: string;
  referrals: Referral[];
  handles: boolean;
  closed: boolean;
  reload: () => void;
}) {
  return (
    <section aria-labelledby="referrals-title" className="panel">
      <h2 id="referrals-title">Referrals</h2>
      <p className="hint">The agency should answer by the end of the next working day (Working Together 2023); if not, follow it up.</p>
      {referrals.length === 0 ? (
        <p>No referrals yet.</p>
      ) : (
        <ul className="plain-list">
          {referrals.map((r) => (
            <li key={r.referralId} data-testid="referral">
              <p>
                <strong>{label('referralAgencies', r.agency)}</strong>, {formatDateTime(r.referredAt)}
                {r.reference ? ` — reference ${r.reference}` : ''}
                {r.contact ? ` — ${r.contact}` : ''}{' '}
                {r.response ? <Badge tone="ok">Answered</Badge> : <Badge tone="warn">Waiting for a response</Badge>}
              </p>
              {r.followUps.map((f, i) => (
                <p key={i}>
                  Followed up {formatDateTime(f.followedUpAt)}: {f.note}
                </p>
              ))}
              {r.response && (
                <p>
                  Response {formatDateTime(r.response.receivedAt)}: {label('referralOutcomes', r.response.outcome)}
                  {r.response.note ? `. ${r.response.note}` : ''}
                </p>
              )}
              {handles && !r.response && (
                <>
                  <ResponseForm concernId={id} referral={r} reload={reload} />
                  <FollowUpForm concernId={id} referral={r} reload={reload} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {handles && !closed && <ReferralForm id={id} reload={reload} />}
    </section>
  );
}

function ReferralForm({ id, reload }: { id: string; reload: () => void }) {
  const cmd = useCommand(reload, 'concern');
  const [agency, setAgency] = useState('');
  const [referredAt, setReferredAt] = useState(toLocalInput());
  const [reference, setReference] = useState('');
  const [contact, setContact] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    const when = localInputToIso(referredAt);
    if (!agency) found.agency = 'Choose the agency';
    if (!when) found.referralReferredAt = 'Enter when the referral was made';
    setLocal(found);
    if (Object.keys(found).length) return;
    const ok = await cmd.run(
      () =>
        api.post(`/concerns/${id}/referrals`, {
          agency,
          referredAt: when,
          ...(reference.trim() ? { reference: reference.trim() } : {}),
          ...(contact.trim() ? { contact: contact.trim() } : {}),
        }),
      'Referral recorded.',
      { 'concern.referred_in_future': 'referralReferredAt' },
    );
    if (ok) {
      setReference('');
      setContact('');
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Record a referral">
      <h3>Record a referral</h3>
      <ErrorSummary problem={cmd.problem} />
      <div className="field">
        <label htmlFor="field-agency">Agency</label>
        <FieldError field="agency" errors={errors} />
        <select id="field-agency" value={agency} onChange={(e) => setAgency(e.target.value)} {...describedBy('agency', errors)}>
          <option value="">Choose the agency</option>
          {entries('referralAgencies').map(([code, text]) => (
            <option key={code} value={code}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <When id="referralReferredAt" text="When the referral was made" value={referredAt} onChange={setReferredAt} errors={errors} />
      <div className="field">
        <label htmlFor="field-referralReference">The agency’s reference (optional)</label>
        <input id="field-referralReference" type="text" maxLength={200} value={reference} onChange={(e) => setReference(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="field-contact">Who you spoke to, and how to reach them (optional)</label>
        <input id="field-contact" type="text" maxLength={500} value={contact} onChange={(e) => setContact(e.target.value)} />
      </div>
      <button type="submit" disabled={cmd.busy}>
        Record the referral
      </button>
    </form>
  );
}

function ResponseForm({ concernId, referral, reload }: { concernId: string; referral: Referral; reload: () => void }) {
  const cmd = useCommand(reload, 'concern');
  const key = referral.referralId;
  const [outcome, setOutcome] = useState('');
  const [receivedAt, setReceivedAt] = useState(toLocalInput());
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    const when = localInputToIso(receivedAt);
    if (!outcome) found[`outcome-${key}`] = 'Choose the outcome';
    if (!when) found[`receivedAt-${key}`] = 'Enter when the response came';
    setLocal(found);
    if (Object.keys(found).length) return;
    await cmd.run(
      () => api.post(`/concerns/${concernId}/referrals/${key}/response`, { outcome, receivedAt: when, note: note.trim() }),
      'Response recorded.',
      { 'concern.response_before_referral': `receivedAt-${key}`, 'concern.received_in_future': `receivedAt-${key}` },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Record the response from ${label('referralAgencies', referral.agency)}`}>
      <h3>Record the response</h3>
      <ErrorSummary problem={cmd.problem} />
      <div className="field">
        <label htmlFor={`field-outcome-${key}`}>Outcome</label>
        <FieldError field={`outcome-${key}`} errors={errors} />
        <select
          id={`field-outcome-${key}`}
          value={outcome}
          onChange={(e) => setOutcome(e.target.value)}
          {...describedBy(`outcome-${key}`, errors)}
        >
          <option value="">Choose the outcome</option>
          {entries('referralOutcomes').map(([code, text]) => (
            <option key={code} value={code}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <When id={`receivedAt-${key}`} text="When the response came" value={receivedAt} onChange={setReceivedAt} errors={errors} />
      <div className="field">
        <label htmlFor={`field-note-${key}`}>What the agency said or decided</label>
        <textarea id={`field-note-${key}`} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <button type="submit" disabled={cmd.busy}>
        Record the response
      </button>
    </form>
  );
}

function FollowUpForm({ concernId, referral, reload }: { concernId: string; referral: Referral; reload: () => void }) {
  const cmd = useCommand(reload, 'concern');
  const key = referral.referralId;
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };
  const field = `followUp-${key}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!note.trim()) {
      setLocal({ [field]: 'Say who you chased and what was said' });
      return;
    }
    setLocal({});
    if (
      await cmd.run(
        () => api.post(`/concerns/${concernId}/referrals/${key}/follow-up`, { followedUpAt: new Date().toISOString(), note: note.trim() }),
        'Follow-up recorded.',
      )
    )
      setNote('');
  }

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Record a follow-up">
      <label htmlFor={`field-${field}`}>No answer yet? Record a follow-up or escalation</label>
      <FieldError field={field} errors={errors} />
      <input id={`field-${field}`} type="text" value={note} onChange={(e) => setNote(e.target.value)} {...describedBy(field, errors)} />
      <button type="submit" className="button-secondary" disabled={cmd.busy}>
        Record follow-up
      </button>
    </form>
  );
}

export function InformationSharing({
  id,
  decisions,
  handles,
  reload,
}: {
  id: string;
  decisions: SharingDecision[];
  handles: boolean;
  reload: () => void;
}) {
  const cmd = useCommand(reload, 'concern');
  const [what, setWhat] = useState('');
  const [sharedWith, setSharedWith] = useState('');
  const [sharedAt, setSharedAt] = useState(toLocalInput());
  const [consent, setConsent] = useState('');
  const [rationale, setRationale] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    const when = localInputToIso(sharedAt);
    if (!what.trim()) found.what = 'Say what was shared';
    if (!sharedWith.trim()) found.sharedWith = 'Say who it was shared with';
    if (!when) found.sharedAt = 'Enter when it was shared';
    if (!consent) found.consent = 'Choose the consent basis';
    if (consent && consent !== 'given' && !rationale.trim()) found.sharingRationale = 'Record why it was shared without consent';
    setLocal(found);
    if (Object.keys(found).length) return;
    const ok = await cmd.run(
      () =>
        api.post(`/concerns/${id}/information-sharing`, {
          what: what.trim(),
          sharedWith: sharedWith.trim(),
          sharedAt: when,
          consent,
          ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
        }),
      'Information sharing recorded.',
    );
    if (ok) {
      setWhat('');
      setSharedWith('');
      setRationale('');
    }
  }

  return (
    <section aria-labelledby="sharing-title" className="panel">
      <h2 id="sharing-title">Information sharing</h2>
      {decisions.length === 0 ? (
        <p>No information sharing recorded.</p>
      ) : (
        <ul className="plain-list">
          {decisions.map((d) => (
            <li key={d.sharingId}>
              <p>
                <strong>{d.what}</strong> with {d.sharedWith}, {formatDateTime(d.sharedAt)} — {label('consentBases', d.consent)}
              </p>
              {d.rationale && <p>Why: {d.rationale}</p>}
            </li>
          ))}
        </ul>
      )}
      {handles && (
        <form onSubmit={submit} noValidate aria-label="Record information sharing">
          <ErrorSummary problem={cmd.problem} />
          <div className="field">
            <label htmlFor="field-what">What was shared</label>
            <FieldError field="what" errors={errors} />
            <input id="field-what" type="text" value={what} onChange={(e) => setWhat(e.target.value)} {...describedBy('what', errors)} />
          </div>
          <div className="field">
            <label htmlFor="field-sharedWith">With whom</label>
            <FieldError field="sharedWith" errors={errors} />
            <input
              id="field-sharedWith"
              type="text"
              value={sharedWith}
              onChange={(e) => setSharedWith(e.target.value)}
              {...describedBy('sharedWith', errors)}
            />
          </div>
          <When id="sharedAt" text="When it was shared" value={sharedAt} onChange={setSharedAt} errors={errors} />
          <div className="field">
            <label htmlFor="field-consent">Consent</label>
            <FieldError field="consent" errors={errors} />
            <select id="field-consent" value={consent} onChange={(e) => setConsent(e.target.value)} {...describedBy('consent', errors)}>
              <option value="">Choose the consent basis</option>
              {entries('consentBases').map(([code, text]) => (
                <option key={code} value={code}>
                  {text}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="field-sharingRationale">Why it was shared</label>
            <p className="hint" id="sharing-hint">
              Required when consent was not sought or was overridden: say why (for example, seeking it would put the child at risk).
            </p>
            <FieldError field="sharingRationale" errors={errors} />
            <textarea
              id="field-sharingRationale"
              rows={3}
              value={rationale}
              onChange={(e) => setRationale(e.target.value)}
              {...describedBy('sharingRationale', errors, 'sharing-hint')}
            />
          </div>
          <button type="submit" disabled={cmd.busy}>
            Record information sharing
          </button>
        </form>
      )}
    </section>
  );
}

export function Reopen({ id, reload }: { id: string; reload: () => void }) {
  const cmd = useCommand(reload, 'concern');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setLocal({ reopenReason: 'Say why the concern is reopened' });
      return;
    }
    setLocal({});
    await cmd.run(() => api.post(`/concerns/${id}/reopen`, { reason: reason.trim() }), 'Concern reopened.');
  }

  return (
    <section aria-labelledby="reopen-title" className="panel">
      <h2 id="reopen-title">Reopen the concern</h2>
      <p>A closed concern still takes addenda and agency responses. Reopen it to act on it again.</p>
      <form onSubmit={submit} noValidate aria-labelledby="reopen-title">
        <ErrorSummary problem={cmd.problem} />
        <div className="field">
          <label htmlFor="field-reopenReason">Why it is reopened</label>
          <FieldError field="reopenReason" errors={errors} />
          <textarea
            id="field-reopenReason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            {...describedBy('reopenReason', errors)}
          />
        </div>
        <button type="submit" disabled={cmd.busy}>
          Reopen concern
        </button>
      </form>
    </section>
  );
}
