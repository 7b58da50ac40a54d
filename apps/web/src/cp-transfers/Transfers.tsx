import { useState, type FormEvent } from 'react';
import { href } from '../app/router.js';
import { label } from '../app/vocabulary.js';
import { formatDate, formatDateTime } from '../components/time.js';
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
import { api, newKey } from '../session/api.js';
import { hasRole, useSession } from '../session/session.js';

export interface Transfer {
  id: string;
  pupilId: string;
  pupil: { id: string; name: string | null };
  from: { schoolId: string; name: string | null };
  to: { schoolId: string | null; name: string; urn: string | null };
  leftOn: string;
  dueOn: string;
  status: 'awaiting_receipt' | 'received';
  receivedAt?: string;
}

const today = () => new Date().toISOString().slice(0, 10);

function StatusBadge({ t }: { t: Transfer }) {
  if (t.status === 'received') return <Badge tone="ok">✓ {label('cpTransferStatuses', t.status)}</Badge>;
  const overdue = today() > t.dueOn;
  return (
    <Badge tone={overdue ? 'bad' : 'warn'}>
      {overdue ? `! Overdue since ${formatDate(t.dueOn)}` : label('cpTransferStatuses', t.status)}
    </Badge>
  );
}

/** Child protection files sent and received: the DSL confirms what arrived, and records receipt by a school elsewhere. */
export function TransfersPage() {
  const outgoing = useLoad(() => api.get<Transfer[]>('/cp-transfers', { direction: 'outgoing' }), []);
  const incoming = useLoad(() => api.get<Transfer[]>('/cp-transfers', { direction: 'incoming' }), []);
  return (
    <Page
      title="Child protection file transfers"
      intro="A leaver’s child protection file reaches the new school within 5 school days, separately from the main file, and its receipt is confirmed (KCSIE)."
    >
      <section aria-labelledby="incoming-title">
        <h2 id="incoming-title">Incoming</h2>
        <LoadState loaded={incoming} what="incoming transfers" />
        {incoming.data && incoming.data.length === 0 && <p>No files have been sent to this school.</p>}
        {incoming.data && incoming.data.length > 0 && <TransferTable rows={incoming.data} direction="incoming" reload={incoming.reload} />}
      </section>
      <section aria-labelledby="outgoing-title">
        <h2 id="outgoing-title">Outgoing</h2>
        <LoadState loaded={outgoing} what="outgoing transfers" />
        {outgoing.data && outgoing.data.length === 0 && <p>No files sent. Start a transfer from the pupil’s page when a pupil leaves.</p>}
        {outgoing.data && outgoing.data.length > 0 && <TransferTable rows={outgoing.data} direction="outgoing" reload={outgoing.reload} />}
      </section>
    </Page>
  );
}

function TransferTable({ rows, direction, reload }: { rows: Transfer[]; direction: 'incoming' | 'outgoing'; reload: () => void }) {
  const user = useSession()?.user;
  const acts = !!user?.schoolId && hasRole(user, 'dsl', 'deputy_dsl', 'headteacher');
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{direction === 'incoming' ? 'Files sent to this school' : 'Files this school sent'}</caption>
        <thead>
          <tr>
            <th scope="col">Pupil</th>
            <th scope="col">{direction === 'incoming' ? 'From' : 'To'}</th>
            <th scope="col">Left on</th>
            <th scope="col">Due by</th>
            <th scope="col">Status</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id}>
              <th scope="row">
                {direction === 'incoming' && t.status === 'received' ? (
                  <a href={href(`/pupils/${t.pupilId}/chronology`)}>{t.pupil.name ?? 'Pupil'}</a>
                ) : direction === 'outgoing' ? (
                  <a href={href(`/pupils/${t.pupilId}`)}>{t.pupil.name ?? 'Pupil'}</a>
                ) : (
                  (t.pupil.name ?? 'Pupil')
                )}
              </th>
              <td>
                {direction === 'incoming' ? t.from.name : t.to.name}
                {direction === 'outgoing' && !t.to.schoolId && <span className="muted"> (not on the platform)</span>}
              </td>
              <td>{formatDate(t.leftOn)}</td>
              <td>{formatDate(t.dueOn)}</td>
              <td>
                <StatusBadge t={t} />
                {t.receivedAt && <div className="muted">Received {formatDateTime(t.receivedAt)}</div>}
              </td>
              <td>{acts && <TransferActions t={t} direction={direction} reload={reload} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TransferActions({ t, direction, reload }: { t: Transfer; direction: 'incoming' | 'outgoing'; reload: () => void }) {
  const cmd = useCommand(reload, 'transfer');
  const [receipt, setReceipt] = useState({ receivedBy: '', receivedAt: '' });
  const [local, setLocal] = useState<FieldErrors>({});
  const [downloadProblem, setDownloadProblem] = useState<FormProblem | null>(null);
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };
  const awaiting = t.status === 'awaiting_receipt';

  async function download() {
    setDownloadProblem(null);
    try {
      const pdf = await api.request<Blob>('GET', `/cp-transfers/${t.id}/package`, { blob: true });
      const url = URL.createObjectURL(pdf);
      const a = document.createElement('a');
      a.href = url;
      a.download = `child-protection-file-${(t.pupil.name ?? t.pupilId).replace(/\W+/g, '-')}.pdf`;
      document.body.append(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
    } catch (err) {
      setDownloadProblem(problemOf(err));
    }
  }

  if (direction === 'incoming')
    return awaiting ? (
      <>
        <ErrorSummary problem={cmd.problem} />
        <button
          type="button"
          disabled={cmd.busy}
          onClick={() => void cmd.run(() => api.post(`/cp-transfers/${t.id}/receipt`), 'Receipt confirmed.')}
        >
          Confirm receipt of {t.pupil.name ?? 'the pupil'}’s file
        </button>
      </>
    ) : null;

  const idOf = (field: string) => `${field}-${t.id}`;
  function record(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!receipt.receivedBy.trim()) found.receivedBy = 'Say who at the new school received the file';
    if (!receipt.receivedAt) found.receivedAt = 'Say when they received it';
    setLocal(found);
    if (Object.keys(found).length) return;
    void cmd.run(
      () =>
        api.post(
          `/cp-transfers/${t.id}/receipt`,
          { receivedBy: receipt.receivedBy.trim(), receivedAt: new Date(receipt.receivedAt).toISOString() },
          { idempotencyKey: newKey() },
        ),
      'Receipt recorded.',
      {
        'cp_transfer.receipt_in_future': 'receivedAt',
        'cp_transfer.receipt_before_start': 'receivedAt',
        'cp_transfer.received_by_required': 'receivedBy',
      },
    );
  }

  return (
    <>
      <ErrorSummary problem={downloadProblem} />
      <button type="button" className="button-secondary" onClick={() => void download()}>
        Download the signed file (PDF)
      </button>
      {awaiting && !t.to.schoolId && (
        <form onSubmit={record} noValidate aria-label={`Receipt by ${t.to.name}`}>
          <ErrorSummary problem={cmd.problem} />
          <div className="field">
            <label htmlFor={idOf('receivedBy')}>Received by</label>
            <FieldError field="receivedBy" errors={errors} />
            <input
              id={idOf('receivedBy')}
              type="text"
              value={receipt.receivedBy}
              onChange={(e) => {
                setReceipt((r) => ({ ...r, receivedBy: e.target.value }));
                setLocal(({ receivedBy: _fixed, ...rest }) => rest);
              }}
              {...describedBy('receivedBy', errors)}
            />
          </div>
          <div className="field">
            <label htmlFor={idOf('receivedAt')}>Received at</label>
            <FieldError field="receivedAt" errors={errors} />
            <input
              id={idOf('receivedAt')}
              type="datetime-local"
              value={receipt.receivedAt}
              onChange={(e) => setReceipt((r) => ({ ...r, receivedAt: e.target.value }))}
              {...describedBy('receivedAt', errors)}
            />
          </div>
          <button type="submit" disabled={cmd.busy}>
            Record receipt
          </button>
        </form>
      )}
    </>
  );
}

interface Destination {
  schoolId: string;
  name: string;
}

/** On the pupil's page: the pupil is leaving, and their child protection file starts on its way. */
export function LeavingForm({ pupilId, pupilName }: { pupilId: string; pupilName: string }) {
  const destinations = useLoad(() => api.get<Destination[]>('/cp-transfers/destinations'), []);
  const [form, setForm] = useState({ leftOn: today(), where: 'platform' as 'platform' | 'elsewhere', schoolId: '', name: '', urn: '' });
  const [key, setKey] = useState(newKey);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [done, setDone] = useState('');
  const errors = problem?.fields ?? {};
  const set = (k: keyof typeof form, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setProblem((p) => (p ? clearField(p, k) : p));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!form.leftOn) found.leftOn = 'Enter the day the pupil left';
    if (form.where === 'platform' && !form.schoolId) found.schoolId = 'Choose the new school';
    if (form.where === 'elsewhere' && !form.name.trim()) found.name = 'Enter the new school’s name';
    if (Object.keys(found).length) return setProblem({ message: 'The transfer has not been started yet.', fields: found });
    const chosen = destinations.data?.find((d) => d.schoolId === form.schoolId);
    const destination =
      form.where === 'platform'
        ? { schoolId: form.schoolId, name: chosen?.name ?? '' }
        : { name: form.name.trim(), urn: form.urn.trim() || undefined };
    try {
      await api.post('/pupils/' + pupilId + '/leaving', { leftOn: form.leftOn, destination }, { idempotencyKey: key });
      setDone(`${pupilName}’s child protection file is on its way to ${destination.name}. It is due within 5 school days.`);
      setKey(newKey());
      setProblem(null);
    } catch (err) {
      setProblem(
        problemOf(err, {
          'cp_transfer.invalid_field': 'leftOn',
          'cp_transfer.destination_required': 'name',
          'cp_transfer.invalid_urn': 'urn',
          'cp_transfer.unknown_school': 'schoolId',
        }),
      );
    }
  }

  return (
    <section aria-labelledby="leaving-title" className="panel">
      <h2 id="leaving-title">Pupil leaving: send the child protection file</h2>
      {done ? (
        <p className="notice notice-ok" role="status">
          {done} <a href={href('/cp-transfers')}>See transfers</a>
        </p>
      ) : (
        <>
          <ErrorSummary problem={problem} />
          <form onSubmit={submit} noValidate aria-labelledby="leaving-title">
            <div className="field">
              <label htmlFor="field-leftOn">Left on</label>
              <FieldError field="leftOn" errors={errors} />
              <input
                id="field-leftOn"
                type="date"
                value={form.leftOn}
                onChange={(e) => set('leftOn', e.target.value)}
                {...describedBy('leftOn', errors)}
              />
            </div>
            <fieldset>
              <legend>The new school</legend>
              <div className="radio">
                <input
                  id="where-platform"
                  type="radio"
                  name="where"
                  checked={form.where === 'platform'}
                  onChange={() => set('where', 'platform')}
                />
                <label htmlFor="where-platform">On this platform (any trust): its DSL confirms receipt</label>
              </div>
              <div className="radio">
                <input
                  id="where-elsewhere"
                  type="radio"
                  name="where"
                  checked={form.where === 'elsewhere'}
                  onChange={() => set('where', 'elsewhere')}
                />
                <label htmlFor="where-elsewhere">Elsewhere: send the signed PDF and record the receipt</label>
              </div>
            </fieldset>
            {form.where === 'platform' ? (
              <div className="field">
                <label htmlFor="field-schoolId">School</label>
                <FieldError field="schoolId" errors={errors} />
                <select
                  id="field-schoolId"
                  value={form.schoolId}
                  onChange={(e) => set('schoolId', e.target.value)}
                  {...describedBy('schoolId', errors)}
                >
                  <option value="">Choose</option>
                  {(destinations.data ?? []).map((d) => (
                    <option key={d.schoolId} value={d.schoolId}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              <>
                <div className="field">
                  <label htmlFor="field-name">School name</label>
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
                  <label htmlFor="field-urn">URN (optional)</label>
                  <FieldError field="urn" errors={errors} />
                  <input
                    id="field-urn"
                    type="text"
                    inputMode="numeric"
                    value={form.urn}
                    onChange={(e) => set('urn', e.target.value)}
                    {...describedBy('urn', errors)}
                  />
                </div>
              </>
            )}
            <button type="submit">Start the transfer</button>
          </form>
        </>
      )}
    </section>
  );
}
