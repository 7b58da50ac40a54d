import { api, rowsOf } from '../session/api.js';
import { Badge, LoadState, Page, useLoad } from '../components/ui.js';
import { href } from '../app/router.js';
import { formatDateTime } from '../components/time.js';
import { label } from '../app/vocabulary.js';
import { statusTone, urgencyTone, type ConcernListItem } from './Concerns.js';

interface AdultConcern extends ConcernListItem {
  adult?: { staffId?: string; name: string; roleDescription?: string; jobRole?: string } | null;
  lowLevel?: boolean;
  selfReport?: boolean;
  ladoReferredAt?: string | null;
  allegationOutcome?: string | null;
}

/** KCSIE part four: low-level concerns about one adult are reviewed together, for a pattern. */
const LOW_LEVEL_WINDOW_MS = 365 * 86_400_000;

/**
 * The case manager's view (the headteacher; the trust's safeguarding lead for concerns about a
 * headteacher): every concern about an adult they manage, one adult at a time — allegations with
 * their LADO referral and outcome, and the log of low-level concerns.
 */
export function AllegationsPage() {
  const loaded = useLoad(() => api.get<unknown>('/concerns').then((b) => rowsOf<AdultConcern>(b, 'concerns')), []);
  const byAdult = new Map<string, { adult: NonNullable<AdultConcern['adult']>; concerns: AdultConcern[] }>();
  for (const c of loaded.data ?? []) {
    if (!c.adult) continue;
    const key = c.adult.staffId ?? `name:${c.adult.name.trim().toLowerCase()}`;
    const entry = byAdult.get(key) ?? { adult: c.adult, concerns: [] };
    entry.concerns.push(c);
    byAdult.set(key, entry);
  }
  const adults = [...byAdult.values()].sort((a, b) => latest(b.concerns).localeCompare(latest(a.concerns)));
  return (
    <Page
      title="Concerns about adults"
      intro="Allegations and low-level concerns you manage as case manager. The adult concerned is never told, and sees none of this."
    >
      <LoadState loaded={loaded} what="concerns about adults" />
      {loaded.data && adults.length === 0 && <p>No concerns about adults.</p>}
      {adults.map(({ adult, concerns }) => {
        const recentLowLevel = concerns.filter(
          (c) => c.lowLevel && Date.now() - Date.parse(c.raisedAt ?? '') <= LOW_LEVEL_WINDOW_MS,
        ).length;
        const headingId = `adult-${(adult.staffId ?? adult.name).replace(/[^a-z0-9]/gi, '-')}`;
        return (
          <section key={headingId} aria-labelledby={headingId} className="panel">
            <h2 id={headingId}>
              {adult.name || 'An adult'}
              {adult.jobRole ? ` (${label('jobRoles', adult.jobRole)})` : adult.roleDescription ? ` (${adult.roleDescription})` : ''}
            </h2>
            {recentLowLevel > 0 && (
              <p>
                {recentLowLevel} low-level concern{recentLowLevel === 1 ? '' : 's'} in the last 12 months.
              </p>
            )}
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Concerns about {adult.name || 'this adult'}</caption>
                <thead>
                  <tr>
                    <th scope="col">Raised</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Summary</th>
                    <th scope="col">Urgency</th>
                    <th scope="col">Status</th>
                    <th scope="col">LADO</th>
                  </tr>
                </thead>
                <tbody>
                  {concerns.map((c) => (
                    <tr key={c.id}>
                      <td>{formatDateTime(c.raisedAt)}</td>
                      <td>
                        {c.lowLevel ? 'Low-level concern' : 'Allegation'}
                        {c.selfReport ? ' (self-report)' : ''}
                      </td>
                      <td>
                        <a href={href(`/concerns/${c.id}`)}>{c.summary || 'Concern'}</a>
                      </td>
                      <td>{c.urgency ? <Badge tone={urgencyTone(c.urgency)}>{label('urgencies', c.urgency)}</Badge> : '—'}</td>
                      <td>
                        <Badge tone={statusTone(c.status)}>{label('concernStatuses', c.status)}</Badge>
                      </td>
                      <td>
                        {c.lowLevel
                          ? 'Not referred (low-level)'
                          : c.allegationOutcome
                            ? `Outcome: ${label('allegationOutcomes', c.allegationOutcome)}`
                            : c.ladoReferredAt
                              ? `Referred ${formatDateTime(c.ladoReferredAt)}`
                              : 'Not yet referred'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </Page>
  );
}

const latest = (concerns: AdultConcern[]) =>
  concerns
    .map((c) => c.raisedAt ?? '')
    .sort()
    .at(-1) ?? '';
