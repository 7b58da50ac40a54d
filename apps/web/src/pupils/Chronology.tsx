import { useState, type FormEvent } from 'react';
import { href, navigate } from '../app/router.js';
import { entries, label } from '../app/vocabulary.js';
import { PupilPicker, type ChosenPupil } from '../components/pickers.js';
import { PrintRecordButton } from '../components/print.js';
import { formatDate, formatDateTime, localInputToIso, toLocalInput } from '../components/time.js';
import {
  Badge,
  csvCell,
  describedBy,
  downloadFile,
  ErrorSummary,
  FieldError,
  LoadState,
  Page,
  useCommand,
  useLoad,
  type FieldErrors,
} from '../components/ui.js';
import { api, rowsOf } from '../session/api.js';
import { hasRole, useSession } from '../session/session.js';

interface ChronologyEntry {
  occurredAt: string;
  recordedAt: string;
  late: boolean;
  kind: string;
  summary: string;
  ref: { concernId?: string; incidentId?: string; entryId?: string };
}

interface LinkedConcern {
  id: string;
  summary?: string;
  categories?: string[];
}

interface PupilRecord {
  id: string;
  fullName: string;
  yearGroup?: string;
  dateOfBirth?: string;
}

export function ChronologyPickerPage() {
  const [chosen, setChosen] = useState<ChosenPupil[]>([]);
  return (
    <Page title="Pupil chronology" intro="Everything recorded about one pupil, in the order it happened. Opening a chronology is recorded.">
      <PupilPicker
        field="pupil"
        legend="Whose chronology?"
        multiple={false}
        chosen={chosen}
        onChange={(p) => {
          setChosen(p);
          if (p[0]) navigate(`/pupils/${p[0].id}/chronology`);
        }}
        errors={{}}
      />
    </Page>
  );
}

/** Filters live in the address, so a reload, a shared link and the printout keep them. */
interface Filters {
  kind: string;
  category: string;
  from: string;
  to: string;
}

const filtersOf = (q: URLSearchParams): Filters => ({
  kind: q.get('kind') ?? '',
  category: q.get('category') ?? '',
  from: q.get('from') ?? '',
  to: q.get('to') ?? '',
});

const londonDate = (iso: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

export function ChronologyPage({ pupilId, query }: { pupilId: string; query: URLSearchParams }) {
  const user = useSession()?.user;
  const filters = filtersOf(query);
  const setFilter = (key: keyof Filters, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(key, value);
    else next.delete(key);
    const qs = next.toString();
    navigate(`/pupils/${pupilId}/chronology${qs ? `?${qs}` : ''}`, { replace: true });
  };
  // The name comes from the pupil's record, so it is there after a reload or from a link.
  const pupil = useLoad(() => api.get<PupilRecord>(`/pupils/${encodeURIComponent(pupilId)}`), [pupilId]);
  const loaded = useLoad(
    () => api.get<unknown>(`/pupils/${encodeURIComponent(pupilId)}/chronology`).then((b) => rowsOf<ChronologyEntry>(b, 'entries')),
    [pupilId],
  );
  // The concerns a lead may read, for their summaries and categories (the category filter).
  const concerns = useLoad(
    () =>
      api.list<LinkedConcern>('/concerns').then(
        (rows) => new Map(rows.map((c) => [c.id, c])),
        () => new Map<string, LinkedConcern>(),
      ),
    [],
  );
  const linked = concerns.data ?? new Map<string, LinkedConcern>();
  const name = pupil.data?.fullName;
  const all = [...(loaded.data ?? [])].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const shown = all.filter((e) => {
    const day = londonDate(e.occurredAt);
    if (filters.kind && e.kind !== filters.kind) return false;
    if (filters.from && day < filters.from) return false;
    if (filters.to && day > filters.to) return false;
    if (filters.category) {
      const concern = e.ref.concernId ? linked.get(e.ref.concernId) : undefined;
      if (!concern?.categories?.includes(filters.category)) return false;
    }
    return true;
  });
  const late = shown.filter((e) => e.late).length;
  const kinds = [...new Set(all.map((e) => e.kind))];
  const filtered = Object.values(filters).some(Boolean);

  function exportCsv() {
    const header = ['Happened', 'Recorded', 'Recorded late', 'Entry', 'Summary', 'Concern', 'Incident'];
    const lines = shown.map((e) => [
      formatDateTime(e.occurredAt),
      formatDateTime(e.recordedAt),
      e.late ? 'Yes' : 'No',
      label('chronologyKinds', e.kind),
      e.summary,
      e.ref.concernId ? (linked.get(e.ref.concernId)?.summary ?? e.ref.concernId) : '',
      e.ref.incidentId ?? '',
    ]);
    const csv = [header, ...lines].map((l) => l.map(csvCell).join(',')).join('\r\n');
    const who = (name ?? 'pupil').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
    downloadFile(`chronology-${who}-${new Date().toISOString().slice(0, 10)}.csv`, `\uFEFF${csv}\r\n`);
  }

  return (
    <Page title={name ? `Chronology: ${name}` : 'Pupil chronology'}>
      <p className="print-only print-banner">
        Confidential: child protection record. Printed by {user?.name} on {formatDateTime(new Date().toISOString())}.
        {filtered && ' Filtered: not the whole chronology.'}
      </p>
      {pupil.data && (
        <p className="muted">
          {pupil.data.yearGroup ? `Year ${pupil.data.yearGroup}` : ''}
          {pupil.data.dateOfBirth ? ` · born ${formatDate(pupil.data.dateOfBirth)}` : ''}
        </p>
      )}
      <p className="no-print">
        <a href={href('/chronology')}>Choose another pupil</a>
      </p>
      <LoadState loaded={loaded} what="chronology" />
      {loaded.data && (
        <>
          <form className="filters no-print" onSubmit={(e) => e.preventDefault()} aria-label="Filter the chronology">
            <div className="field">
              <label htmlFor="chronology-kind">Entry</label>
              <select id="chronology-kind" value={filters.kind} onChange={(e) => setFilter('kind', e.target.value)}>
                <option value="">All entries</option>
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {label('chronologyKinds', k)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="chronology-category">Concern category</label>
              <select id="chronology-category" value={filters.category} onChange={(e) => setFilter('category', e.target.value)}>
                <option value="">Any category</option>
                {entries('concernCategories').map(([code, text]) => (
                  <option key={code} value={code}>
                    {text}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="chronology-from">From</label>
              <input id="chronology-from" type="date" value={filters.from} onChange={(e) => setFilter('from', e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="chronology-to">To</label>
              <input id="chronology-to" type="date" value={filters.to} onChange={(e) => setFilter('to', e.target.value)} />
            </div>
            <div className="actions">
              <button type="button" className="button-secondary" onClick={() => window.print()}>
                Print this page
              </button>
              <PrintRecordButton
                path={`/pupils/${encodeURIComponent(pupilId)}/chronology`}
                filename={`chronology-${pupilId}.pdf`}
                what="whole chronology"
              />
              <button type="button" className="button-secondary" onClick={exportCsv} disabled={shown.length === 0}>
                Export CSV
              </button>
              {filtered && (
                <button type="button" className="button-link" onClick={() => navigate(`/pupils/${pupilId}/chronology`, { replace: true })}>
                  Clear filters
                </button>
              )}
            </div>
          </form>
          <p role="status">
            {shown.length} entr{shown.length === 1 ? 'y' : 'ies'}
            {filtered && ` of ${all.length}`}
            {late > 0 && `, ${late} recorded late`}.
          </p>
        </>
      )}
      {loaded.data && hasRole(user, 'dsl', 'deputy_dsl', 'headteacher') && <DslEntryForm pupilId={pupilId} reload={loaded.reload} />}
      {shown.length > 0 && (
        <ol className="timeline" aria-label="Chronology, oldest first">
          {shown.map((e, i) => {
            const concern = e.ref.concernId ? linked.get(e.ref.concernId) : undefined;
            return (
              <li key={i} className={e.late ? 'late' : undefined} data-testid="chronology-entry">
                <p className="timeline-when">
                  <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time> {e.late && <Badge tone="warn">! Recorded late</Badge>}
                </p>
                <h2 className="timeline-kind">{label('chronologyKinds', e.kind)}</h2>
                <p>{e.summary}</p>
                <p className="muted">
                  Recorded {formatDateTime(e.recordedAt)}
                  {e.ref.concernId && (
                    <>
                      {' · '}
                      <a href={href(`/concerns/${e.ref.concernId}`)}>
                        Concern{concern?.summary ? `: ${concern.summary}` : ''}
                        {concern?.categories?.length ? ` (${concern.categories.map((c) => label('concernCategories', c)).join(', ')})` : ''}
                      </a>
                    </>
                  )}
                  {e.ref.incidentId && (
                    <>
                      {' · '}
                      <a href={href(`/incidents/${e.ref.incidentId}`)}>Open the incident</a>
                    </>
                  )}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </Page>
  );
}

/** The DSL's own record: a phone call, meeting, strategy discussion or home visit, with when it happened. */
function DslEntryForm({ pupilId, reload }: { pupilId: string; reload: () => void }) {
  const cmd = useCommand(reload, 'chronology');
  const [kind, setKind] = useState('');
  const [occurredAt, setOccurredAt] = useState(toLocalInput());
  const [summary, setSummary] = useState('');
  const [details, setDetails] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    const when = localInputToIso(occurredAt);
    if (!kind) found.kind = 'Choose what kind of entry it is';
    if (!when) found.occurredAt = 'Enter when it happened';
    if (!summary.trim()) found.summary = 'Write a short summary';
    setLocal(found);
    if (Object.keys(found).length) return;
    const ok = await cmd.run(
      () =>
        api.post(`/pupils/${encodeURIComponent(pupilId)}/chronology-entries`, {
          kind,
          occurredAt: when,
          summary: summary.trim(),
          details: details.trim(),
        }),
      'Entry added to the chronology.',
      { 'dsl_entry.occurred_in_future': 'occurredAt', 'dsl_entry.summary_too_long': 'summary' },
    );
    if (ok) {
      setSummary('');
      setDetails('');
    }
  }

  return (
    <details className="panel no-print">
      <summary>Add an entry (phone call, meeting, strategy discussion, home visit)</summary>
      <form onSubmit={submit} noValidate aria-label="Add an entry to the chronology">
        <ErrorSummary problem={cmd.problem} />
        <div className="field">
          <label htmlFor="field-kind">Kind</label>
          <FieldError field="kind" errors={errors} />
          <select id="field-kind" value={kind} onChange={(e) => setKind(e.target.value)} {...describedBy('kind', errors)}>
            <option value="">Choose</option>
            {entries('dslEntryKinds').map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-occurredAt">When it happened</label>
          <p className="hint" id="occurred-hint">
            Written up after the end of the next working day, it shows as recorded late.
          </p>
          <FieldError field="occurredAt" errors={errors} />
          <input
            id="field-occurredAt"
            type="datetime-local"
            value={occurredAt}
            max={toLocalInput()}
            onChange={(e) => setOccurredAt(e.target.value)}
            {...describedBy('occurredAt', errors, 'occurred-hint')}
          />
        </div>
        <div className="field">
          <label htmlFor="field-summary">Summary</label>
          <FieldError field="summary" errors={errors} />
          <input
            id="field-summary"
            type="text"
            maxLength={200}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
            {...describedBy('summary', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-details">Who took part, what was said and decided</label>
          <textarea id="field-details" rows={4} value={details} onChange={(e) => setDetails(e.target.value)} />
        </div>
        <button type="submit" disabled={cmd.busy}>
          Add entry
        </button>
      </form>
    </details>
  );
}
