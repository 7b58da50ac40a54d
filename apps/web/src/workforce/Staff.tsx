import { useState, type FormEvent } from 'react';
import { href } from '../app/router.js';
import { entries, label } from '../app/vocabulary.js';
import { formatDate, todayIso } from '../components/time.js';
import {
  Badge,
  clearField,
  describedBy,
  ErrorSummary,
  FieldError,
  LoadState,
  Page,
  problemOf,
  useLoad,
  type FieldErrors,
  type FormProblem,
} from '../components/ui.js';
import { api, newKey, type StaffSummary } from '../session/api.js';
import { getSession, hasRole, useSession } from '../session/session.js';

interface StaffRecord {
  id: string;
  name: string;
  email: string;
  jobRole: string;
  roles: string[];
  contractedHoursPerWeek: number;
  startDate: string;
  hlta: boolean;
  training: { id: string; course: string; completedOn: string; expiresOn: string; provider?: string; certificateRef?: string }[];
}

/** The school's staff; the head and the trust admin add people here. */
export function StaffPage() {
  const user = useSession()?.user;
  const loaded = useLoad(() => api.get<StaffSummary[]>('/staff'), []);
  const adds = hasRole(user, 'headteacher', 'trust_admin');
  return (
    <Page title="Staff">
      <LoadState loaded={loaded} what="staff" />
      {loaded.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Staff of the school</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Job role</th>
                <th scope="col">Access</th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <a href={href(`/staff/${s.id}`)}>{s.name}</a>
                  </th>
                  <td>{label('jobRoles', s.jobRole)}</td>
                  <td>{(s.roles ?? []).map((r) => label('roles', r)).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {adds && <AddStaff reload={loaded.reload} />}
    </Page>
  );
}

const SCHOOL_ROLES = ['staff', 'dsl', 'deputy_dsl', 'headteacher'];

function AddStaff({ reload }: { reload: () => void }) {
  const blank = { name: '', email: '', jobRole: '', roles: ['staff'], contractedHoursPerWeek: '32.5', startDate: todayIso(), hlta: false };
  const [form, setForm] = useState(blank);
  const [key, setKey] = useState(newKey);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [created, setCreated] = useState<{ name: string; temporaryPassword?: string } | null>(null);
  const errors = problem?.fields ?? {};
  const set = <K extends keyof typeof blank>(k: K, v: (typeof blank)[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setProblem((p) => (p ? clearField(p, k) : p));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!form.name.trim()) found.name = 'Enter the name';
    if (!/^\S+@\S+\.\S+$/.test(form.email.trim())) found.email = 'Enter an email address';
    if (!form.jobRole) found.jobRole = 'Choose the job role';
    if (!(Number(form.contractedHoursPerWeek) > 0)) found.contractedHoursPerWeek = 'Enter the contracted hours a week';
    if (Object.keys(found).length) return setProblem({ message: 'Nobody has been added yet.', fields: found });
    try {
      const res = await api.post<{ id: string; temporaryPassword?: string }>(
        '/staff',
        { ...form, name: form.name.trim(), email: form.email.trim(), contractedHoursPerWeek: Number(form.contractedHoursPerWeek) },
        // A trust admin adds people to the school chosen in the header.
        { idempotencyKey: key, query: { schoolId: getSession()?.schoolId } },
      );
      setCreated({ name: form.name.trim(), temporaryPassword: res.temporaryPassword });
      setForm(blank);
      setKey(newKey());
      setProblem(null);
      reload();
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  return (
    <section aria-labelledby="add-staff-title" className="panel">
      <h2 id="add-staff-title">Add a member of staff</h2>
      {created && (
        <div className="notice notice-ok" role="status">
          <p>{created.name} has been added.</p>
          {created.temporaryPassword && (
            <p>
              Their first password, shown only now: <code>{created.temporaryPassword}</code>
            </p>
          )}
        </div>
      )}
      <ErrorSummary problem={problem} />
      <form onSubmit={submit} noValidate aria-labelledby="add-staff-title">
        <div className="field">
          <label htmlFor="field-name">Full name</label>
          <FieldError field="name" errors={errors} />
          <input
            id="field-name"
            type="text"
            value={form.name}
            onChange={(e) => set('name', e.target.value)}
            {...describedBy('name', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-email">Work email</label>
          <FieldError field="email" errors={errors} />
          <input
            id="field-email"
            type="email"
            value={form.email}
            onChange={(e) => set('email', e.target.value)}
            {...describedBy('email', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-jobRole">Job role</label>
          <FieldError field="jobRole" errors={errors} />
          <select
            id="field-jobRole"
            value={form.jobRole}
            onChange={(e) => set('jobRole', e.target.value)}
            {...describedBy('jobRole', errors)}
          >
            <option value="">Choose</option>
            {entries('jobRoles').map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field" id="field-roles">
          <legend>What they may do here</legend>
          <FieldError field="roles" errors={errors} />
          {SCHOOL_ROLES.map((r) => (
            <div className="checkbox" key={r}>
              <input
                id={`role-${r}`}
                type="checkbox"
                checked={form.roles.includes(r)}
                onChange={(e) => set('roles', e.target.checked ? [...form.roles, r] : form.roles.filter((x) => x !== r))}
              />
              <label htmlFor={`role-${r}`}>{label('roles', r)}</label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="field-contractedHoursPerWeek">Contracted hours a week</label>
          <FieldError field="contractedHoursPerWeek" errors={errors} />
          <input
            id="field-contractedHoursPerWeek"
            type="number"
            min={1}
            max={60}
            step={0.5}
            value={form.contractedHoursPerWeek}
            onChange={(e) => set('contractedHoursPerWeek', e.target.value)}
            {...describedBy('contractedHoursPerWeek', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-startDate">Start date</label>
          <FieldError field="startDate" errors={errors} />
          <input id="field-startDate" type="date" value={form.startDate} onChange={(e) => set('startDate', e.target.value)} />
        </div>
        <div className="checkbox">
          <input id="field-hlta" type="checkbox" checked={form.hlta} onChange={(e) => set('hlta', e.target.checked)} />
          <label htmlFor="field-hlta">Higher level teaching assistant (may deliver lessons)</label>
        </div>
        <button type="submit">Add member of staff</button>
      </form>
    </section>
  );
}

/** One member of staff and their training; DSLs, heads and trust admins record completed courses. */
export function StaffRecordPage({ id }: { id: string }) {
  const user = useSession()?.user;
  const loaded = useLoad(() => api.get<StaffRecord>(`/staff/${encodeURIComponent(id)}`), [id]);
  const s = loaded.data;
  return (
    <Page title={s?.name ?? 'Member of staff'}>
      <LoadState loaded={loaded} what="staff record" />
      {s && (
        <>
          <dl className="facts">
            <dt>Job role</dt>
            <dd>
              {label('jobRoles', s.jobRole)}
              {s.hlta && ' (HLTA)'}
            </dd>
            <dt>Access</dt>
            <dd>{s.roles.map((r) => label('roles', r)).join(', ')}</dd>
            <dt>Email</dt>
            <dd>{s.email}</dd>
            <dt>Contracted hours</dt>
            <dd>{s.contractedHoursPerWeek} a week</dd>
            <dt>Started</dt>
            <dd>{formatDate(s.startDate)}</dd>
          </dl>
          <h2>Training</h2>
          {s.training.length === 0 ? (
            <p>No training recorded.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Training records</caption>
                <thead>
                  <tr>
                    <th scope="col">Course</th>
                    <th scope="col">Completed</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Provider</th>
                  </tr>
                </thead>
                <tbody>
                  {s.training.map((t) => (
                    <tr key={t.id}>
                      <th scope="row">{label('courses', t.course)}</th>
                      <td>{formatDate(t.completedOn)}</td>
                      <td>
                        {t.expiresOn < todayIso() ? <Badge tone="bad">✗ Expired {formatDate(t.expiresOn)}</Badge> : formatDate(t.expiresOn)}
                      </td>
                      <td>{t.provider || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {hasRole(user, 'dsl', 'headteacher', 'trust_admin') && <RecordTraining staffId={id} reload={loaded.reload} />}
        </>
      )}
    </Page>
  );
}

function RecordTraining({ staffId, reload }: { staffId: string; reload: () => void }) {
  const [course, setCourse] = useState('');
  const [completedOn, setCompletedOn] = useState(todayIso());
  const [provider, setProvider] = useState('');
  const [certificateRef, setCertificateRef] = useState('');
  const [key, setKey] = useState(newKey);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [done, setDone] = useState('');
  const errors = problem?.fields ?? {};

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!course) return setProblem({ message: 'Nothing recorded yet.', fields: { course: 'Choose the course' } });
    try {
      await api.post(
        `/staff/${staffId}/training`,
        { course, completedOn, provider: provider.trim() || undefined, certificateRef: certificateRef.trim() || undefined },
        { idempotencyKey: key },
      );
      setDone(`${label('courses', course)} recorded.`);
      setCourse('');
      setKey(newKey());
      setProblem(null);
      reload();
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  return (
    <section aria-labelledby="training-title" className="panel">
      <h2 id="training-title">Record completed training</h2>
      {done && (
        <p className="notice notice-ok" role="status">
          {done}
        </p>
      )}
      <ErrorSummary problem={problem} />
      <form onSubmit={submit} noValidate aria-labelledby="training-title">
        <div className="field">
          <label htmlFor="field-course">Course</label>
          <FieldError field="course" errors={errors} />
          <select
            id="field-course"
            value={course}
            onChange={(e) => {
              setCourse(e.target.value);
              setProblem((p) => (p ? clearField(p, 'course') : p));
            }}
            {...describedBy('course', errors)}
          >
            <option value="">Choose</option>
            {entries('courses').map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-completedOn">Completed on</label>
          <FieldError field="completedOn" errors={errors} />
          <input id="field-completedOn" type="date" value={completedOn} max={todayIso()} onChange={(e) => setCompletedOn(e.target.value)} />
          <p className="hint">The expiry date follows from the course’s validity in the trust’s reference data.</p>
        </div>
        <div className="field">
          <label htmlFor="field-provider">Provider (optional)</label>
          <input id="field-provider" type="text" value={provider} onChange={(e) => setProvider(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="field-certificateRef">Certificate reference (optional)</label>
          <input id="field-certificateRef" type="text" value={certificateRef} onChange={(e) => setCertificateRef(e.target.value)} />
        </div>
        <button type="submit">Record training</button>
      </form>
    </section>
  );
}
