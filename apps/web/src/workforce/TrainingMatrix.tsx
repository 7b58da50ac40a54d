import { useState } from 'react';
import { api } from '../session/api.js';
import { Badge, csvCell, downloadFile, LoadState, Page, useLoad } from '../components/ui.js';
import { formatDate, todayIso } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';

export interface Cell {
  status: string;
  completedOn?: string;
  expiresOn?: string;
}

export interface Matrix {
  asOf: string;
  courses: string[];
  rows: { staffId: string; name: string; jobRole: string; cells: Record<string, Cell> }[];
}

// Expired (held once, lapsed) and missing (never held) need different actions: they never look alike.
const TONES: Record<string, string> = { valid: 'ok', due: 'warn', expired: 'bad', missing: 'missing', not_required: 'neutral' };
const ICONS: Record<string, string> = { valid: '✓', due: '!', expired: '✗', missing: '○', not_required: '–' };

export function TrainingMatrixPage({ status: initialStatus }: { status?: string }) {
  const [asOf, setAsOf] = useState(todayIso());
  const [jobRole, setJobRole] = useState('');
  const [status, setStatus] = useState(initialStatus ?? '');
  const loaded = useLoad(() => api.get<Matrix>('/training-matrix', { asOf }), [asOf]);
  const matrix = loaded.data;
  const rows = (matrix?.rows ?? [])
    .filter((r) => !jobRole || r.jobRole === jobRole)
    .filter((r) => !status || Object.values(r.cells).some((c) => c.status === status));
  const roles = [...new Set((matrix?.rows ?? []).map((r) => r.jobRole))];

  function exportCsv() {
    if (!matrix) return;
    const header = ['Name', 'Job role', ...matrix.courses.flatMap((c) => [label('courses', c), `${label('courses', c)} expires`])];
    const lines = rows.map((r) => [
      r.name,
      label('jobRoles', r.jobRole),
      ...matrix.courses.flatMap((c) => [label('trainingStatuses', r.cells[c]?.status ?? 'missing'), r.cells[c]?.expiresOn ?? '']),
    ]);
    const csv = [header, ...lines].map((l) => l.map(csvCell).join(',')).join('\r\n');
    downloadFile(`training-matrix-${matrix.asOf ?? asOf}${jobRole ? `-${jobRole}` : ''}.csv`, `\uFEFF${csv}\r\n`);
  }

  return (
    <Page title="Training matrix">
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Matrix options">
        <div className="field">
          <label htmlFor="as-of">As of</label>
          <input id="as-of" type="date" value={asOf} onChange={(e) => e.target.value && setAsOf(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="job-role">Job role</label>
          <select id="job-role" value={jobRole} onChange={(e) => setJobRole(e.target.value)}>
            <option value="">All job roles</option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {label('jobRoles', r)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-status">Only staff with</label>
          <select id="matrix-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            {entries('trainingStatuses').map(([code, text]) => (
              <option key={code} value={code}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button-secondary" onClick={exportCsv} disabled={!matrix}>
          Export CSV
        </button>
      </form>
      <p className="legend">
        Key:{' '}
        {entries('trainingStatuses').map(([code, label]) => (
          <Badge key={code} tone={TONES[code] ?? 'neutral'}>
            {ICONS[code]} {label}
          </Badge>
        ))}{' '}
        “Due” means it expires within 28 days.
      </p>
      <LoadState loaded={loaded} what="training matrix" />
      {matrix && rows.length === 0 && <p>No staff to show.</p>}
      {matrix && rows.length > 0 && (
        <MatrixTable
          matrix={matrix}
          rows={rows}
          caption={`Training as of ${formatDate(matrix.asOf ?? asOf)}${jobRole ? ` — ${label('jobRoles', jobRole)}` : ''}`}
        />
      )}
    </Page>
  );
}

/** The grid: a colour per status, always with its icon and word too (colour is never the only signal). */
export function MatrixTable({ matrix, rows, caption }: { matrix: Matrix; rows: Matrix['rows']; caption: string }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`${caption}, scrolls sideways`}>
      <table className="matrix">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Job role</th>
            {matrix.courses.map((c) => (
              <th scope="col" key={c}>
                {label('courses', c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.staffId}>
              <th scope="row">{r.name}</th>
              <td>{label('jobRoles', r.jobRole)}</td>
              {matrix.courses.map((c) => {
                const cell = r.cells[c] ?? { status: 'missing' };
                return (
                  <td key={c} className={`cell cell-${TONES[cell.status] ?? 'neutral'}`} data-status={cell.status}>
                    <span className="cell-label">
                      {ICONS[cell.status]} {label('trainingStatuses', cell.status)}
                    </span>
                    {cell.expiresOn && (
                      <span className="cell-date">
                        {cell.status === 'expired' ? 'expired' : 'until'} {formatDate(cell.expiresOn)}
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const isMatrix = (value: unknown): value is Matrix =>
  !!value && typeof value === 'object' && Array.isArray((value as Matrix).courses) && Array.isArray((value as Matrix).rows);
