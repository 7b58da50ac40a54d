import { useState, type FormEvent } from 'react';
import { href } from '../app/router.js';
import { formatDate } from '../components/time.js';
import {
  Badge,
  clearField,
  describedBy,
  ErrorSummary,
  FieldError,
  LoadState,
  Page,
  problemOf,
  useCommand,
  useLoad,
  type FieldErrors,
  type FormProblem,
} from '../components/ui.js';
import { LeavingForm } from '../cp-transfers/Transfers.js';
import { api, newKey, type Created } from '../session/api.js';
import { hasRole, useSession } from '../session/session.js';
import { BehaviourPlanSection } from './BehaviourPlan.js';

interface Pupil {
  id: string;
  fullName: string;
  yearGroup: string;
  sen: boolean;
  ehcp: boolean;
  dateOfBirth?: string;
  upn?: string | null;
}

interface Privacy {
  legalHold: boolean;
  eligibleOn: string | null;
  erasedAt: string | null;
  version: number;
}

const YEAR_GROUPS = ['N', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'];

/** The school's pupils: find one, register a new one (DSL, head, trust admin). */
export function PupilsPage() {
  const [search, setSearch] = useState('');
  const loaded = useLoad(() => api.get<Pupil[]>('/pupils', { search: search.trim() || undefined }), [search]);
  const rows = loaded.data ?? [];
  return (
    <Page title="Pupils">
      <div className="filters">
        <div className="field">
          <label htmlFor="pupil-search">Find a pupil</label>
          <input id="pupil-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </div>
      <p role="status" className="muted">
        {loaded.loading ? 'Searching…' : `${rows.length} pupil${rows.length === 1 ? '' : 's'}`}
      </p>
      <LoadState loaded={loaded} what="pupils" />
      {rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Pupils</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Year</th>
                <th scope="col">SEN</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <a href={href(`/pupils/${p.id}`)}>{p.fullName}</a>
                  </th>
                  <td>{p.yearGroup}</td>
                  <td>{p.ehcp ? 'EHCP' : p.sen ? 'SEN support' : 'None'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RegisterPupil reload={loaded.reload} />
    </Page>
  );
}

function RegisterPupil({ reload }: { reload: () => void }) {
  const [form, setForm] = useState({ firstName: '', lastName: '', dateOfBirth: '', yearGroup: '', upn: '', sen: false, ehcp: false });
  const [key, setKey] = useState(newKey);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [done, setDone] = useState('');
  const errors = problem?.fields ?? {};
  const set = (k: keyof typeof form, v: string | boolean) => {
    setForm((f) => ({ ...f, [k]: v }));
    setProblem((p) => (p ? clearField(p, k) : p));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!form.firstName.trim()) found.firstName = 'Enter the first name';
    if (!form.lastName.trim()) found.lastName = 'Enter the last name';
    if (!form.dateOfBirth) found.dateOfBirth = 'Enter the date of birth';
    if (!form.yearGroup) found.yearGroup = 'Choose the year group';
    if (Object.keys(found).length) return setProblem({ message: 'The pupil has not been registered yet.', fields: found });
    try {
      await api.post<Created>(
        '/pupils',
        { ...form, firstName: form.firstName.trim(), lastName: form.lastName.trim(), upn: form.upn.trim() || undefined },
        { idempotencyKey: key },
      );
      setDone(`${form.firstName.trim()} ${form.lastName.trim()} is registered.`);
      setForm({ firstName: '', lastName: '', dateOfBirth: '', yearGroup: '', upn: '', sen: false, ehcp: false });
      setKey(newKey());
      setProblem(null);
      reload();
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  return (
    <section aria-labelledby="register-title" className="panel">
      <h2 id="register-title">Register a pupil</h2>
      {done && (
        <p className="notice notice-ok" role="status">
          {done}
        </p>
      )}
      <ErrorSummary problem={problem} />
      <form onSubmit={submit} noValidate aria-labelledby="register-title">
        {(['firstName', 'lastName'] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`field-${k}`}>{k === 'firstName' ? 'First name' : 'Last name'}</label>
            <FieldError field={k} errors={errors} />
            <input id={`field-${k}`} type="text" value={form[k]} onChange={(e) => set(k, e.target.value)} {...describedBy(k, errors)} />
          </div>
        ))}
        <div className="field">
          <label htmlFor="field-dateOfBirth">Date of birth</label>
          <FieldError field="dateOfBirth" errors={errors} />
          <input
            id="field-dateOfBirth"
            type="date"
            value={form.dateOfBirth}
            onChange={(e) => set('dateOfBirth', e.target.value)}
            {...describedBy('dateOfBirth', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-yearGroup">Year group</label>
          <FieldError field="yearGroup" errors={errors} />
          <select
            id="field-yearGroup"
            value={form.yearGroup}
            onChange={(e) => set('yearGroup', e.target.value)}
            {...describedBy('yearGroup', errors)}
          >
            <option value="">Choose</option>
            {YEAR_GROUPS.map((y) => (
              <option key={y} value={y}>
                {y === 'N' ? 'Nursery' : y === 'R' ? 'Reception' : `Year ${y}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-upn">Unique pupil number (optional)</label>
          <input id="field-upn" type="text" value={form.upn} onChange={(e) => set('upn', e.target.value)} />
        </div>
        <div className="checkbox">
          <input id="field-sen" type="checkbox" checked={form.sen} onChange={(e) => set('sen', e.target.checked)} />
          <label htmlFor="field-sen">Special educational needs (SEN support)</label>
        </div>
        <div className="checkbox">
          <input id="field-ehcp" type="checkbox" checked={form.ehcp} onChange={(e) => set('ehcp', e.target.checked)} />
          <label htmlFor="field-ehcp">Education, health and care plan (EHCP)</label>
        </div>
        <button type="submit">Register pupil</button>
      </form>
    </section>
  );
}

/** One pupil: the record, its chronology, and (for those who decide) legal hold and erasure. */
export function PupilPage({ id }: { id: string }) {
  const user = useSession()?.user;
  const pupil = useLoad(() => api.get<Pupil>(`/pupils/${encodeURIComponent(id)}`), [id]);
  const privacy = useLoad(() => api.get<Privacy>(`/pupils/${encodeURIComponent(id)}/privacy`), [id]);
  const decides = hasRole(user, 'headteacher', 'trust_admin');
  const readsChronology = hasRole(user, 'dsl', 'deputy_dsl', 'headteacher', 'trust_auditor');
  // The DSL or headteacher of the pupil's school starts the transfer of the child protection file.
  const sendsFile = !!user?.schoolId && hasRole(user, 'dsl', 'headteacher');
  return (
    <Page title={pupil.data?.fullName ?? 'Pupil'}>
      <LoadState loaded={pupil} what="pupil" />
      {pupil.data && (
        <dl className="facts">
          <dt>Year group</dt>
          <dd>{pupil.data.yearGroup}</dd>
          <dt>Date of birth</dt>
          <dd>{formatDate(pupil.data.dateOfBirth)}</dd>
          <dt>SEN</dt>
          <dd>{pupil.data.ehcp ? 'EHCP' : pupil.data.sen ? 'SEN support' : 'None'}</dd>
        </dl>
      )}
      {readsChronology && (
        <p>
          <a href={href(`/pupils/${id}/chronology`)}>Open the chronology</a>
        </p>
      )}
      <BehaviourPlanSection id={id} />
      {sendsFile && pupil.data && <LeavingForm pupilId={id} pupilName={pupil.data.fullName} />}
      <section aria-labelledby="privacy-title">
        <h2 id="privacy-title">Retention and legal hold</h2>
        <LoadState loaded={privacy} what="retention status" />
        {privacy.data && (
          <>
            <p>
              {privacy.data.erasedAt ? (
                <Badge tone="neutral">Erased {formatDate(privacy.data.erasedAt)}</Badge>
              ) : privacy.data.legalHold ? (
                <Badge tone="warn">! On legal hold: nothing may be erased</Badge>
              ) : (
                <Badge tone="ok">No legal hold</Badge>
              )}
            </p>
            <p>
              {privacy.data.eligibleOn
                ? `The child protection file may be erased from ${formatDate(privacy.data.eligibleOn)} (date of birth + 25 years).`
                : 'Not yet due for erasure.'}
            </p>
            {decides && !privacy.data.erasedAt && <PrivacyActions id={id} privacy={privacy.data} reload={privacy.reload} />}
          </>
        )}
      </section>
    </Page>
  );
}

function PrivacyActions({ id, privacy, reload }: { id: string; privacy: Privacy; reload: () => void }) {
  const cmd = useCommand(reload, 'pupil');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };
  const need = () => {
    if (reason.trim()) return true;
    setLocal({ privacyReason: 'Give the reason: it is kept with the record' });
    return false;
  };
  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate aria-label="Legal hold and erasure" className="panel">
      <ErrorSummary problem={cmd.problem} />
      <div className="field">
        <label htmlFor="field-privacyReason">Reason</label>
        <FieldError field="privacyReason" errors={errors} />
        <input
          id="field-privacyReason"
          type="text"
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setLocal({});
          }}
          {...describedBy('privacyReason', errors)}
        />
      </div>
      <div className="actions">
        {privacy.legalHold ? (
          <button
            type="button"
            disabled={cmd.busy}
            onClick={() =>
              void cmd.run(
                () => api.request('DELETE', `/pupils/${id}/legal-hold`, { body: { reason: reason.trim() } }),
                'Legal hold lifted.',
              )
            }
          >
            Lift the legal hold
          </button>
        ) : (
          <button
            type="button"
            disabled={cmd.busy}
            onClick={() =>
              need() && void cmd.run(() => api.post(`/pupils/${id}/legal-hold`, { reason: reason.trim() }), 'Legal hold placed.')
            }
          >
            Place a legal hold
          </button>
        )}
        {!privacy.legalHold && (
          <button
            type="button"
            className="button-warning"
            disabled={cmd.busy}
            onClick={() =>
              need() &&
              window.confirm(
                'Erase this pupil’s personal data? Names and narratives become unreadable for good; the history stays verifiable.',
              ) &&
              void cmd.run(() => api.post(`/pupils/${id}/erase`, { reason: reason.trim() }), 'Personal data erased.', {
                'privacy.legal_hold': 'privacyReason',
              })
            }
          >
            Erase personal data
          </button>
        )}
      </div>
    </form>
  );
}
