import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../session/api.js';
import { useSchools, type School } from '../components/pickers.js';
import { Badge, LoadState, Page, useLoad, YesNo } from '../components/ui.js';
import { href } from '../app/router.js';
import { getSession, isTrustUser, useSession } from '../session/session.js';
import { formatDate, formatDateTime, monthKey, todayIso } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';

interface Checks {
  recordedSameDay: boolean;
  parentNotifiedSameDay: boolean;
  pupilDebriefHeld: boolean;
  staffDebriefHeld: boolean;
  reviewed: boolean;
  allStaffCertified: boolean;
}

interface Audit {
  summary: { incidents: number; fullyCompliant: number; breaches: number };
  incidents: { incidentId: string; occurredAt: string; checks: Checks; breaches: string[] }[];
}

type AuditedIncident = Audit['incidents'][number] & { school: string };

const sixMonthsAgo = (): string => {
  const d = new Date();
  d.setMonth(d.getMonth() - 6);
  return todayIso(d);
};

/** A trust user can compare schools: one request per school of the trust, merged. */
async function loadAudit(from: string, to: string, schools: School[], allSchools: boolean): Promise<AuditedIncident[]> {
  const chosen = getSession()?.schoolId;
  const targets = allSchools && schools.length > 0 ? schools : [schools.find((s) => s.id === chosen) ?? { id: '', name: 'This school' }];
  const results = await Promise.all(
    targets.map(async (school) => {
      const audit = await api.get<Audit>('/audits/team-teach', { from, to, ...(school.id ? { schoolId: school.id } : {}) });
      return audit.incidents.map((i) => ({ ...i, school: school.name }));
    }),
  );
  return results.flat().sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

/** Bars grow in only for people who have not asked for less motion. */
const reducedMotion = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function countBy<T>(items: T[], key: (item: T) => string[]): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) for (const k of key(item)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()].map(([name, count]) => ({ name, count }));
}

/** `sideways` draws horizontal bars, so long group names (breach kinds) stay readable. */
function Chart({
  title,
  data,
  colour,
  sideways = false,
}: {
  title: string;
  data: { name: string; count: number }[];
  colour: string;
  sideways?: boolean;
}) {
  const summary = data.map((d) => `${d.name}: ${d.count}`).join('; ');
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {data.length === 0 ? (
        <p>None in this period.</p>
      ) : (
        <>
          <div role="img" aria-label={`${title}. ${summary}`}>
            <ResponsiveContainer width="100%" height={sideways ? Math.max(160, 36 * data.length + 48) : 240}>
              <BarChart data={data} layout={sideways ? 'vertical' : 'horizontal'} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" />
                {sideways ? (
                  <>
                    <XAxis type="number" allowDecimals={false} />
                    <YAxis type="category" dataKey="name" tick={{ fontSize: 12 }} interval={0} width={130} />
                  </>
                ) : (
                  <>
                    <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
                    <YAxis allowDecimals={false} width={32} />
                  </>
                )}
                <Tooltip />
                <Bar dataKey="count" name="Count" fill={colour} isAnimationActive={!reducedMotion()} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <details>
            <summary>{title} as a table</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Count</th>
                </tr>
              </thead>
              <tbody>
                {data.map((d) => (
                  <tr key={d.name}>
                    <th scope="row">{d.name}</th>
                    <td>{d.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}

export function TeamTeachPage() {
  const user = useSession()?.user;
  const schools = useSchools();
  const trust = isTrustUser(user) && schools.length > 1;
  const [from, setFrom] = useState(sixMonthsAgo());
  const [to, setTo] = useState(todayIso());
  const [allSchools, setAllSchools] = useState(true);
  const loaded = useLoad(() => loadAudit(from, to, schools, trust && allSchools), [from, to, schools, trust, allSchools]);
  const incidents = loaded.data ?? [];
  const compliant = incidents.filter((i) => i.breaches.length === 0).length;
  const breaches = incidents.reduce((n, i) => n + i.breaches.length, 0);
  const perMonth = countBy(incidents, (i) => [monthKey(i.occurredAt)]).sort((a, b) => a.name.localeCompare(b.name));
  const perSchool = countBy(incidents, (i) => [i.school]);
  const byKind = countBy(incidents, (i) => i.breaches.map((b) => label('teamTeachBreaches', b))).sort((a, b) => b.count - a.count);

  return (
    <Page title="Team Teach compliance">
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Period">
        <div className="field">
          <label htmlFor="from">From</label>
          <input id="from" type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="to">To</label>
          <input id="to" type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </div>
        {trust && (
          <div className="checkbox">
            <input id="all-schools" type="checkbox" checked={allSchools} onChange={(e) => setAllSchools(e.target.checked)} />
            <label htmlFor="all-schools">Every school of the trust</label>
          </div>
        )}
      </form>
      <LoadState loaded={loaded} what="compliance audit" />
      {loaded.data && (
        <>
          <ul className="stats" aria-label="Summary">
            <li>
              <strong>{incidents.length}</strong> incidents
            </li>
            <li>
              <strong>{compliant}</strong> fully compliant
            </li>
            <li>
              <strong>{breaches}</strong> breaches
            </li>
          </ul>
          <div className="charts">
            <Chart title="Incidents per month" data={perMonth} colour="#1d70b8" />
            <Chart title="Incidents per school" data={perSchool} colour="#4c2c92" />
            <Chart title="Breaches by kind" data={byKind} colour="#d4351c" sideways />
          </div>
          <h2>Incidents</h2>
          {incidents.length === 0 ? (
            <p>
              No incidents between {formatDate(from)} and {formatDate(to)}.
            </p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Incidents table, scrolls sideways">
              <table>
                <caption className="visually-hidden">Incidents and their Team Teach checks</caption>
                <thead>
                  <tr>
                    <th scope="col">Incident</th>
                    <th scope="col">School</th>
                    {entries('teamTeachChecks')
                      .map(([, l]) => l)
                      .map((label) => (
                        <th scope="col" key={label}>
                          {label}
                        </th>
                      ))}
                    <th scope="col">Breaches</th>
                  </tr>
                </thead>
                <tbody>
                  {incidents.map((i) => (
                    <tr key={i.incidentId}>
                      <th scope="row">
                        <a href={href(`/incidents/${i.incidentId}`)}>{formatDateTime(i.occurredAt)}</a>
                      </th>
                      <td>{i.school}</td>
                      {(entries('teamTeachChecks').map(([c]) => c) as (keyof Checks)[]).map((k) => (
                        <td key={k}>
                          <YesNo value={i.checks[k]} />
                        </td>
                      ))}
                      <td>
                        {i.breaches.length === 0 ? (
                          <Badge tone="ok">None</Badge>
                        ) : (
                          <ul className="plain-list">
                            {i.breaches.map((b) => (
                              <li key={b}>{label('teamTeachBreaches', b)}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Page>
  );
}
