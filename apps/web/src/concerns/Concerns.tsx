import { useState } from 'react';
import { api, pupilName, type PupilSummary } from '../session/api.js';
import { Badge, LoadState, Page, useLoad } from '../components/ui.js';
import { href } from '../app/router.js';
import { hasRole, useSession } from '../session/session.js';
import { formatDateTime } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';

export interface ConcernListItem {
  id: string;
  status: string;
  summary?: string;
  urgency?: string;
  raisedAt?: string;
  occurredAt?: string;
  /** `{ id, fullName }` from the server; fullName is null when the pupil record is missing. */
  pupils?: PupilSummary[];
  categories?: string[];
}

export const urgencyTone = (u: string | undefined): string => (u === 'immediate_danger' ? 'bad' : u === 'urgent' ? 'warn' : 'neutral');
export const statusTone = (s: string): string => (s === 'open' ? 'warn' : s === 'closed' ? 'neutral' : 'ok');

export function ConcernsPage() {
  const user = useSession()?.user;
  // Those who read the school's concerns (not only their own): leads, auditors, the trust's safeguarding lead.
  const lead = hasRole(user, 'dsl', 'deputy_dsl', 'headteacher', 'trust_auditor', 'trust_safeguarding_lead');
  const raises = !!user?.schoolId;
  const loaded = useLoad(() => api.list<ConcernListItem>('/concerns', undefined, 'concerns'), []);
  const [status, setStatus] = useState('');
  const rows = (loaded.data ?? [])
    .filter((c) => !status || c.status === status)
    .sort((a, b) => (b.raisedAt ?? '').localeCompare(a.raisedAt ?? ''));

  return (
    <Page title={lead ? 'Concerns' : 'My concerns'} intro={lead ? undefined : 'The concerns you raised and where each one is.'}>
      {raises && (
        <p>
          <a className="button" href={href('/concerns/new')}>
            Raise a concern
          </a>
        </p>
      )}
      <div className="filters">
        <label htmlFor="status-filter">Show</label>
        <select id="status-filter" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">All statuses</option>
          {entries('concernStatuses').map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <LoadState loaded={loaded} what="concerns" />
      {loaded.data && rows.length === 0 && <p>No concerns to show.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{lead ? 'Concerns of the school' : 'Concerns you raised'}</caption>
            <thead>
              <tr>
                <th scope="col">Raised</th>
                <th scope="col">Pupils</th>
                <th scope="col">Summary</th>
                <th scope="col">Urgency</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <td>{formatDateTime(c.raisedAt)}</td>
                  <td>{c.pupils?.map(pupilName).join(', ') || '—'}</td>
                  <td>
                    <a href={href(`/concerns/${c.id}`)}>{c.summary || `Concern raised ${formatDateTime(c.raisedAt)}`}</a>
                  </td>
                  <td>{c.urgency ? <Badge tone={urgencyTone(c.urgency)}>{label('urgencies', c.urgency)}</Badge> : '—'}</td>
                  <td>
                    <Badge tone={statusTone(c.status)}>{label('concernStatuses', c.status)}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
