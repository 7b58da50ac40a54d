import { useState } from 'react';
import { Chart, countBy } from '../components/charts.js';
import { api } from '../session/api.js';
import { useSchools, type School } from '../components/pickers.js';
import { LoadState, Page, useLoad } from '../components/ui.js';
import { lateBreaches, TeamTeachTable, type AuditedIncident } from './TeamTeachTable.js';
import { getSession, isTrustUser, useSession } from '../session/session.js';
import { formatDate, monthKey, todayIso } from '../components/time.js';
import { label } from '../app/vocabulary.js';

interface Audit {
  incidents: AuditedIncident[];
}

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

export function TeamTeachPage() {
  const user = useSession()?.user;
  const schools = useSchools();
  const trust = isTrustUser(user) && schools.length > 1;
  const [from, setFrom] = useState(sixMonthsAgo());
  const [to, setTo] = useState(todayIso());
  const [allSchools, setAllSchools] = useState(true);
  const loaded = useLoad(() => loadAudit(from, to, schools, trust && allSchools), [from, to, schools, trust, allSchools]);
  const incidents = loaded.data ?? [];
  const now = new Date();
  const compliant = incidents.filter((i) => lateBreaches(i, now).length === 0).length;
  const breaches = incidents.reduce((n, i) => n + lateBreaches(i, now).length, 0);
  const perMonth = countBy(incidents, (i) => [monthKey(i.occurredAt)]).sort((a, b) => a.name.localeCompare(b.name));
  const perSchool = countBy(incidents, (i) => [i.school ?? 'This school']);
  const byKind = countBy(incidents, (i) => lateBreaches(i, now).map((b) => label('teamTeachBreaches', b))).sort(
    (a, b) => b.count - a.count,
  );

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
            <TeamTeachTable incidents={incidents} caption="Incidents and their Team Teach checks" now={now} showSchool={trust} />
          )}
        </>
      )}
    </Page>
  );
}
