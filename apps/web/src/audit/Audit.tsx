import { useState, type FormEvent } from 'react';
import { api, rowsOf } from '../session/api.js';
import { Badge, ErrorSummary, LoadState, Page, problemOf, useLoad, type FormProblem } from '../components/ui.js';
import { formatDate, formatDateTime, localInputToIso, toLocalInput } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';
import { isMatrix, MatrixTable } from '../workforce/TrainingMatrix.js';

interface StoredEvent {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  type: string;
  data: unknown;
  metadata?: { actorId?: string; schoolId?: string; correlationId?: string; occurredAt?: string };
  recordedAt: string;
}

const PAGE_SIZES = [25, 50, 100];

export function AuditHistoryPage() {
  const [stream, setStream] = useState('');
  const [limit, setLimit] = useState(50);
  const [query, setQuery] = useState({ stream: '', fromPosition: 0, limit: 50 });
  const [previous, setPrevious] = useState<number[]>([]);
  const [startAt, setStartAt] = useState('0');
  const loaded = useLoad(
    () =>
      api
        .get<unknown>('/audit/events', { stream: query.stream || undefined, fromPosition: query.fromPosition, limit: query.limit })
        .then((b) => rowsOf<StoredEvent>(b, 'events')),
    [query],
  );
  const events = loaded.data ?? [];
  const last = events.at(-1);

  function search(e: FormEvent) {
    e.preventDefault();
    setPrevious([]);
    setQuery({ stream: stream.trim(), fromPosition: Math.max(0, Number(startAt) || 0), limit });
  }

  return (
    <Page title="History" intro="Every event as stored, oldest first, with who did it and when. Nothing here can be changed.">
      <form className="filters" onSubmit={search} aria-label="Filter history">
        <div className="field">
          <label htmlFor="stream">Stream (optional)</label>
          <input id="stream" type="text" value={stream} onChange={(e) => setStream(e.target.value)} placeholder="concern-…" />
        </div>
        <div className="field">
          <label htmlFor="from-position">From position</label>
          <input id="from-position" type="number" min={0} value={startAt} onChange={(e) => setStartAt(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="limit">Events per page</label>
          <select id="limit" value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
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
      {loaded.data && events.length === 0 && <p>No events from position {query.fromPosition}.</p>}
      {events.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Events table, scrolls sideways">
          <table>
            <caption>
              Events from position {events[0]!.globalPosition} to {last!.globalPosition}
            </caption>
            <thead>
              <tr>
                <th scope="col">Position</th>
                <th scope="col">Stream</th>
                <th scope="col">Version</th>
                <th scope="col">Event</th>
                <th scope="col">Happened</th>
                <th scope="col">Recorded</th>
                <th scope="col">By</th>
                <th scope="col">Data</th>
              </tr>
            </thead>
            <tbody>
              {events.map((ev) => (
                <tr key={ev.globalPosition}>
                  <td>{ev.globalPosition}</td>
                  <td className="mono">{ev.streamId}</td>
                  <td>{ev.streamVersion}</td>
                  <td>{ev.type}</td>
                  <td>{formatDateTime(ev.metadata?.occurredAt)}</td>
                  <td>{formatDateTime(ev.recordedAt)}</td>
                  <td className="mono">{ev.metadata?.actorId ?? '—'}</td>
                  <td>
                    <details>
                      <summary>
                        Show data<span className="visually-hidden"> of event {ev.globalPosition}</span>
                      </summary>
                      <pre>{JSON.stringify({ data: ev.data, metadata: ev.metadata }, null, 2)}</pre>
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
            setQuery((q) => ({ ...q, fromPosition: last!.globalPosition + 1 }));
          }}
        >
          Next page
        </button>
      </nav>
    </Page>
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

export function ReplayPage() {
  const [projection, setProjection] = useState('alerts');
  const [asOf, setAsOf] = useState(toLocalInput());
  const [pupilId, setPupilId] = useState('');
  const [result, setResult] = useState<{ projection: string; name: string; asOf: string; value: unknown } | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  async function replay(e: FormEvent) {
    e.preventDefault();
    const instant = localInputToIso(asOf);
    if (!instant) {
      setProblem({ message: 'Enter the date and time to replay to.', fields: { asOf: 'Enter a date and time' } });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const value = await api.get<unknown>('/audit/replay', {
        projection,
        asOf: instant,
        pupilId: projection === 'chronology' ? pupilId : undefined,
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
      <ErrorSummary problem={problem} />
      <form className="filters" onSubmit={replay} aria-label="Replay">
        <div className="field">
          <label htmlFor="projection">Report</label>
          <select id="projection" value={projection} onChange={(e) => setProjection(e.target.value)}>
            {entries('projections').map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-asOf">As it stood at</label>
          <input id="field-asOf" type="datetime-local" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </div>
        {projection === 'chronology' && (
          <div className="field">
            <label htmlFor="replay-pupil">Pupil id</label>
            <input id="replay-pupil" type="text" value={pupilId} onChange={(e) => setPupilId(e.target.value)} />
          </div>
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
          {result.projection === 'training-matrix' && isMatrix(result.value) ? (
            <MatrixTable
              matrix={result.value}
              rows={result.value.rows}
              caption={`Training matrix replayed as of ${formatDateTime(result.asOf)}, statuses judged on ${formatDate(result.value.asOf)}`}
            />
          ) : (
            <JsonView value={result.value} name={result.name} />
          )}
        </section>
      )}
    </Page>
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
