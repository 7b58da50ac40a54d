import { useState, type FormEvent } from 'react';
import { api, rowsOf, type Alert } from '../session/api.js';
import { TeamTeachTable, type AuditedIncident } from './TeamTeachTable.js';
import { Badge, ErrorSummary, LoadState, Page, problemOf, useLoad, type FormProblem } from '../components/ui.js';
import { formatDate, formatDateTime, localInputToIso, todayIso, toLocalInput } from '../components/time.js';
import { entries, humanise, label } from '../app/vocabulary.js';
import { PupilPicker, StaffSelect, useStaff, type ChosenPupil } from '../components/pickers.js';
import { isMatrix, MatrixTable } from '../workforce/TrainingMatrix.js';

interface StoredEvent {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  type: string;
  data: unknown;
  metadata?: { actorId?: string; schoolId?: string; correlationId?: string; occurredAt?: string };
  actorName?: string | null;
  recordedAt: string;
}

const PAGE_SIZES = [25, 50, 100];

/** An event type in words: the feature's own label where there is one. */
const eventLabel = (type: string): string => {
  const concern = label('concernEvents', type);
  if (concern !== humanise(type)) return concern;
  return label('incidentEvents', type) !== humanise(type)
    ? label('incidentEvents', type)
    : humanise(type.replace(/([a-z])([A-Z])/g, '$1_$2'));
};

interface HistoryQuery {
  stream: string;
  actorId: string;
  from: string;
  to: string;
  fromPosition: number;
  limit: number;
}

/** Every event as stored, filtered by record (stream), person and date, with names rather than ids. */
export function AuditHistoryPage({ query: initial }: { query: URLSearchParams }) {
  const staff = useStaff();
  const [form, setForm] = useState({ stream: initial.get('stream') ?? '', actorId: '', from: '', to: '', limit: 50 });
  const [pupil, setPupil] = useState<ChosenPupil[]>([]);
  const [query, setQuery] = useState<HistoryQuery>({ ...form, fromPosition: 0 });
  const [previous, setPrevious] = useState<number[]>([]);
  const loaded = useLoad(
    () =>
      api
        .get<unknown>('/audit/events', {
          stream: query.stream || undefined,
          actorId: query.actorId || undefined,
          from: query.from || undefined,
          to: query.to || undefined,
          fromPosition: query.fromPosition,
          limit: query.limit,
        })
        .then((b) => rowsOf<StoredEvent>(b, 'events')),
    [query],
  );
  const events = loaded.data ?? [];
  const last = events.at(-1);
  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) => setForm((f) => ({ ...f, [k]: v }));

  function search(e: FormEvent) {
    e.preventDefault();
    setPrevious([]);
    setQuery({ ...form, stream: form.stream.trim(), fromPosition: 0 });
  }

  return (
    <Page title="History" intro="Every event as stored, oldest first, with who did it and when. Nothing here can be changed.">
      <form className="filters" onSubmit={search} aria-label="Filter history">
        <PupilPicker
          field="historyPupil"
          legend="A pupil’s own record (optional)"
          multiple={false}
          chosen={pupil}
          onChange={(p) => {
            setPupil(p);
            set('stream', p[0] ? `pupil-${p[0].id}` : '');
          }}
          errors={{}}
        />
        <div className="field">
          <label htmlFor="stream">Record (stream)</label>
          <input
            id="stream"
            type="text"
            value={form.stream}
            onChange={(e) => set('stream', e.target.value)}
            aria-describedby="stream-hint"
          />
          <p className="hint" id="stream-hint">
            Filled in from a pupil above, or from “This record’s history” on a record.
          </p>
        </div>
        <StaffSelect
          id="history-actor"
          label="Done by"
          value={form.actorId}
          onChange={(v) => set('actorId', v)}
          staff={staff.data ?? []}
          errors={{}}
          field="actorId"
        />
        <div className="field">
          <label htmlFor="history-from">Recorded from</label>
          <input id="history-from" type="date" value={form.from} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="history-to">Recorded to</label>
          <input id="history-to" type="date" value={form.to} onChange={(e) => set('to', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="limit">Events per page</label>
          <select id="limit" value={form.limit} onChange={(e) => set('limit', Number(e.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show history</button>
      </form>
      <LoadState loaded={loaded} what="history" />
      {loaded.data && events.length === 0 && <p>No events match.</p>}
      {events.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Events table, scrolls sideways">
          <table>
            <caption>
              Events {events[0]!.globalPosition} to {last!.globalPosition}
            </caption>
            <thead>
              <tr>
                <th scope="col">Position</th>
                <th scope="col">Event</th>
                <th scope="col">Record</th>
                <th scope="col">Happened</th>
                <th scope="col">Recorded</th>
                <th scope="col">By</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((ev) => (
                <tr key={ev.globalPosition}>
                  <td>{ev.globalPosition}</td>
                  <th scope="row">{eventLabel(ev.type)}</th>
                  <td className="mono">
                    {ev.streamId.split('-')[0]} · v{ev.streamVersion}
                  </td>
                  <td>{formatDateTime(ev.metadata?.occurredAt)}</td>
                  <td>{formatDateTime(ev.recordedAt)}</td>
                  <td>{ev.actorName ?? (ev.metadata?.actorId ? 'System or former staff' : '—')}</td>
                  <td>
                    <details>
                      <summary>
                        Show details<span className="visually-hidden"> of event {ev.globalPosition}</span>
                      </summary>
                      <p className="mono">{ev.streamId}</p>
                      <Fields value={ev.data} />
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="actions" aria-label="History pages">
        <button
          type="button"
          className="button-secondary"
          disabled={previous.length === 0}
          onClick={() => {
            const back = previous.at(-1) ?? 0;
            setPrevious((p) => p.slice(0, -1));
            setQuery((q) => ({ ...q, fromPosition: back }));
          }}
        >
          Previous page
        </button>
        <button
          type="button"
          className="button-secondary"
          disabled={!last || events.length < query.limit}
          onClick={() => {
            setPrevious((p) => [...p, query.fromPosition]);
            setQuery((q) => ({ ...q, fromPosition: Number(last!.globalPosition) }));
          }}
        >
          Next page
        </button>
      </nav>
    </Page>
  );
}

/** An event's data as labelled lines (nested values as text), not a block of JSON. */
function Fields({ value }: { value: unknown }) {
  if (!isRow(value)) return <p>{cellText(value)}</p>;
  return (
    <dl className="fields">
      {Object.entries(value).map(([k, v]) => (
        <div key={k}>
          <dt>{humanise(k.replace(/([a-z])([A-Z])/g, '$1_$2'))}</dt>
          <dd>{cellText(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

const isRow = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

const cellText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function RowsTable({ rows, caption }: { rows: Record<string, unknown>[]; caption: string }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`${caption}, scrolls sideways`}>
      <table>
        <caption>
          {caption} ({rows.length} row{rows.length === 1 ? '' : 's'})
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{cellText(r[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Arrays of rows become tables; whatever else the projection holds is shown as JSON. */
export function JsonView({ value, name }: { value: unknown; name: string }) {
  if (Array.isArray(value) && value.length > 0 && value.every(isRow)) return <RowsTable rows={value} caption={name} />;
  if (isRow(value)) {
    const tables = Object.entries(value).filter(([, v]) => Array.isArray(v) && v.length > 0 && v.every(isRow));
    if (tables.length > 0) {
      const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !tables.some(([t]) => t === k)));
      return (
        <>
          {Object.keys(rest).length > 0 && <pre>{JSON.stringify(rest, null, 2)}</pre>}
          {tables.map(([k, v]) => (
            <RowsTable key={k} rows={v as Record<string, unknown>[]} caption={`${name}: ${k}`} />
          ))}
        </>
      );
    }
  }
  return <pre>{JSON.stringify(value, null, 2)}</pre>;
}

const sixMonthsBefore = (iso: string): string => {
  const d = new Date(iso);
  d.setMonth(d.getMonth() - 6);
  return todayIso(d);
};

interface ReplayResult {
  projection: string;
  name: string;
  asOf: string;
  value: unknown;
}

/** Rebuilds a report from history as it stood at a past instant, shown as the live report is: tables, names. */
export function ReplayPage() {
  const [projection, setProjection] = useState('team-teach');
  const [asOf, setAsOf] = useState(toLocalInput());
  const [pupil, setPupil] = useState<ChosenPupil[]>([]);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  async function replay(e: FormEvent) {
    e.preventDefault();
    const instant = localInputToIso(asOf);
    if (!instant) return setProblem({ message: 'Enter the date and time to replay to.', fields: { asOf: 'Enter a date and time' } });
    if (projection === 'chronology' && !pupil[0])
      return setProblem({ message: 'Choose whose chronology to replay.', fields: { replayPupil: 'Choose a pupil' } });
    setBusy(true);
    setProblem(null);
    try {
      const value = await api.get<unknown>('/audit/replay', {
        projection,
        asOf: instant,
        pupilId: projection === 'chronology' ? pupil[0]!.id : undefined,
        // The Team Teach audit of the six months before the chosen moment.
        ...(projection === 'team-teach' ? { from: sixMonthsBefore(instant), to: todayIso(new Date(instant)) } : {}),
      });
      setResult({ projection, name: label('projections', projection), asOf: instant, value });
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title="Replay as of a date"
      intro="Rebuilds a report from history exactly as it stood at a past moment, without touching the live one."
    >
      <ErrorSummary problem={problem} labels={{ asOf: 'As it stood at', replayPupil: 'Pupil' }} />
      <form className="filters" onSubmit={replay} aria-label="Replay">
        <div className="field">
          <label htmlFor="projection">Report</label>
          <select id="projection" value={projection} onChange={(e) => setProjection(e.target.value)}>
            {entries('projections').map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-asOf">As it stood at</label>
          <input id="field-asOf" type="datetime-local" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </div>
        {projection === 'chronology' && (
          <PupilPicker
            field="replayPupil"
            legend="Whose chronology?"
            multiple={false}
            chosen={pupil}
            onChange={setPupil}
            errors={problem?.fields ?? {}}
          />
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Replaying…' : 'Replay'}
        </button>
      </form>
      {result && (
        <section aria-labelledby="replay-result">
          <h2 id="replay-result">
            {result.name} as of {formatDateTime(result.asOf)}
          </h2>
          <Replayed result={result} />
        </section>
      )}
    </Page>
  );
}

function Replayed({ result }: { result: ReplayResult }) {
  const { value, asOf } = result;
  const when = formatDateTime(asOf);
  switch (result.projection) {
    case 'training-matrix':
      if (isMatrix(value))
        return (
          <MatrixTable
            matrix={value}
            rows={value.rows}
            caption={`Training matrix replayed as of ${when}, statuses judged on ${formatDate(value.asOf)}`}
          />
        );
      break;
    case 'team-teach': {
      const incidents = (value as { incidents?: AuditedIncident[] }).incidents;
      if (Array.isArray(incidents))
        return incidents.length === 0 ? (
          <p>No incidents in the six months before then.</p>
        ) : (
          <TeamTeachTable incidents={incidents} caption={`Team Teach checks as they stood at ${when}`} now={new Date(asOf)} />
        );
      break;
    }
    case 'alerts':
      if (Array.isArray(value)) return <ReplayedAlerts alerts={value as Alert[]} when={when} />;
      break;
    case 'cover-ledger': {
      const rows = (
        value as {
          rows?: { staffId: string; name: string; coverMinutes: number; contractedMinutes: number; percent: number; overCap: boolean }[];
        }
      ).rows;
      if (Array.isArray(rows))
        return (
          <div className="table-wrap">
            <table>
              <caption>Cover ledger as it stood at {when}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Cover (min)</th>
                  <th scope="col">Contracted (min)</th>
                  <th scope="col">Share</th>
                  <th scope="col">Over the cap</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.staffId}>
                    <th scope="row">{r.name}</th>
                    <td>{r.coverMinutes}</td>
                    <td>{r.contractedMinutes}</td>
                    <td>{r.percent.toFixed(1)}%</td>
                    <td>{r.overCap ? <Badge tone="bad">✗ Over</Badge> : <Badge tone="ok">✓ Within</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      break;
    }
    case 'chronology':
      if (Array.isArray(value))
        return (
          <div className="table-wrap">
            <table>
              <caption>Chronology as it stood at {when}</caption>
              <thead>
                <tr>
                  <th scope="col">Happened</th>
                  <th scope="col">Entry</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Recorded</th>
                </tr>
              </thead>
              <tbody>
                {(value as { occurredAt: string; recordedAt: string; kind: string; summary: string; late: boolean }[]).map((e, i) => (
                  <tr key={i}>
                    <td>{formatDateTime(e.occurredAt)}</td>
                    <th scope="row">{label('chronologyKinds', e.kind)}</th>
                    <td>{e.summary}</td>
                    <td>
                      {formatDateTime(e.recordedAt)} {e.late && <Badge tone="warn">! Late</Badge>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      break;
  }
  return <JsonView value={value} name={result.name} />;
}

/** Replayed alerts, with the pupil named as in the live inbox. */
function ReplayedAlerts({ alerts, when }: { alerts: Alert[]; when: string }) {
  if (alerts.length === 0) return <p>No alerts then.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>Alerts as they stood at {when}</caption>
        <thead>
          <tr>
            <th scope="col">Raised</th>
            <th scope="col">Alert</th>
            <th scope="col">Pupil</th>
            <th scope="col">Priority</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id}>
              <td>{formatDateTime(a.raisedAt)}</td>
              <th scope="row">{label('alertKinds', a.kind)}</th>
              <td>{a.subject.pupilName ?? '—'}</td>
              <td>{label('alertPriorities', a.priority)}</td>
              <td>{label('alertStatuses', a.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface Verification {
  ok: boolean;
  checkedEvents: number;
  firstBrokenPosition?: number;
}

export function VerifyPage() {
  const [run, setRun] = useState(0);
  const loaded = useLoad(() => (run === 0 ? Promise.resolve(undefined) : api.get<Verification>('/audit/verify')), [run]);
  const v = loaded.data;
  return (
    <Page
      title="Verify history"
      intro="Checks every event's hash chain and every seal, so an edit made behind the application's back is found."
    >
      <button type="button" onClick={() => setRun((n) => n + 1)} disabled={loaded.loading && run > 0}>
        {loaded.loading && run > 0 ? 'Verifying…' : 'Verify history'}
      </button>
      {run > 0 && <LoadState loaded={loaded} what="verification" />}
      <div role="status" aria-live="polite" data-testid="verify-result">
        {v &&
          (v.ok ? (
            <div className="notice notice-ok">
              <p>
                <Badge tone="ok">✓ History intact</Badge> {v.checkedEvents} events checked; nothing was altered.
              </p>
            </div>
          ) : (
            <div className="notice notice-error">
              <p>
                <Badge tone="bad">✗ History broken</Badge> {v.checkedEvents} events checked. First broken position:{' '}
                <strong>{v.firstBrokenPosition ?? 'unknown'}</strong>.
              </p>
            </div>
          ))}
      </div>
    </Page>
  );
}
