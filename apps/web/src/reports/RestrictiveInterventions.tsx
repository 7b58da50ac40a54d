import { useState } from 'react';
import { label } from '../app/vocabulary.js';
import { Chart, type Count } from '../components/charts.js';
import { formatDate, todayIso } from '../components/time.js';
import { LoadState, Page, useLoad } from '../components/ui.js';
import { api, apiUrl } from '../session/api.js';
import { getSession } from '../session/session.js';

interface Report {
  from: string;
  to: string;
  total: number;
  pupils: number;
  byType: Record<string, number>;
  bySen: Record<string, number>;
  byDisability: Record<string, number>;
  bySex: Record<string, number>;
  byVulnerability: Record<string, number>;
  byYearGroup: { yearGroup: string; incidents: number }[];
  byStaff: { staffId: string; name: string | null; incidents: number }[];
  repeatPupils: { pupilId: string; name: string | null; incidents: number }[];
  durations: { totalMinutes: number; meanMinutes: number; medianMinutes: number; longestMinutes: number; bands: Record<string, number> };
  injuries: { pupil: number; staff: number; either: number };
}

/** 1 September of the school year today falls in. */
function schoolYearStart(today: string): string {
  const year = Number(today.slice(0, 4));
  return `${Number(today.slice(5, 7)) >= 9 ? year : year - 1}-09-01`;
}

const counts = (section: 'reportGroups' | 'reportInterventionTypes', by: Record<string, number>): Count[] =>
  Object.entries(by).map(([code, count]) => ({ name: label(section, code), count }));

const yearName = (y: string) => (y === 'N' ? 'Nursery' : y === 'R' ? 'Reception' : y === 'not_recorded' ? 'Not recorded' : `Year ${y}`);

/** The PDF needs the token, so it is fetched and handed to the browser as a file. */
async function downloadPdf(from: string, to: string): Promise<void> {
  const res = await fetch(apiUrl('/reports/restrictive-interventions', { from, to, format: 'pdf' }), {
    headers: { Authorization: `Bearer ${getSession()?.token ?? ''}` },
  });
  if (!res.ok) throw new Error(`The report could not be made (${res.status})`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `restrictive-interventions-${from}-${to}.pdf`;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/**
 * The pattern of restrictive interventions a leader reviews (DfE guidance): by type, SEN,
 * disability, sex, year group and staff; repeat pupils; durations; injuries. Each chart has its
 * numbers in a table beside it; the governors' PDF holds the counts only.
 */
export function RestrictiveInterventionsPage() {
  const [to, setTo] = useState(todayIso());
  const [from, setFrom] = useState(schoolYearStart(todayIso()));
  const [pdfProblem, setPdfProblem] = useState<string | null>(null);
  const loaded = useLoad(() => api.get<Report>('/reports/restrictive-interventions', { from, to }), [from, to]);
  const r = loaded.data;
  return (
    <Page title="Restrictive interventions" intro={<p>Each incident is counted under the pupil’s status when it happened.</p>}>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Period">
        <div className="field">
          <label htmlFor="ri-from">From</label>
          <input id="ri-from" type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="ri-to">To</label>
          <input id="ri-to" type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </div>
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            setPdfProblem(null);
            downloadPdf(from, to).catch((err: unknown) => setPdfProblem(err instanceof Error ? err.message : String(err)));
          }}
        >
          Download the governors’ report (PDF)
        </button>
      </form>
      {pdfProblem && (
        <p className="notice notice-error" role="alert">
          {pdfProblem}
        </p>
      )}
      <LoadState loaded={loaded} what="report" />
      {r && (
        <>
          <p>
            {formatDate(r.from)} to {formatDate(r.to)}
          </p>
          <ul className="stats" aria-label="Summary">
            <li>
              <strong>{r.total}</strong> incidents
            </li>
            <li>
              <strong>{r.pupils}</strong> pupils
            </li>
            <li>
              <strong>{r.repeatPupils.length}</strong> pupils more than once
            </li>
            <li>
              <strong>{r.injuries.either}</strong> with an injury
            </li>
          </ul>
          <div className="charts">
            <Chart title="By type" data={counts('reportInterventionTypes', r.byType)} colour="#1d70b8" sideways tableOpen />
            <Chart title="By SEN at the time" data={counts('reportGroups', r.bySen)} colour="#4c2c92" tableOpen />
            <Chart title="By disability at the time" data={counts('reportGroups', r.byDisability)} colour="#28a197" tableOpen />
            <Chart title="By sex" data={counts('reportGroups', r.bySex)} colour="#d53880" tableOpen />
            <Chart
              title="Looked after, plans, at the time"
              data={counts('reportGroups', r.byVulnerability)}
              colour="#f47738"
              sideways
              tableOpen
            />
            <Chart
              title="By year group"
              data={r.byYearGroup.map((y) => ({ name: yearName(y.yearGroup), count: y.incidents }))}
              colour="#005a30"
              tableOpen
            />
            <Chart title="By duration" data={counts('reportGroups', r.durations.bands)} colour="#505a5f" tableOpen />
          </div>
          <section aria-labelledby="ri-staff">
            <h2 id="ri-staff">Staff involved</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Member of staff</th>
                  <th scope="col">Incidents</th>
                </tr>
              </thead>
              <tbody>
                {r.byStaff.map((s) => (
                  <tr key={s.staffId}>
                    <th scope="row">{s.name ?? 'Unknown'}</th>
                    <td>{s.incidents}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="ri-repeat">
            <h2 id="ri-repeat">Pupils restrained more than once</h2>
            {r.repeatPupils.length === 0 ? (
              <p>None in this period.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Pupil</th>
                    <th scope="col">Incidents</th>
                  </tr>
                </thead>
                <tbody>
                  {r.repeatPupils.map((p) => (
                    <tr key={p.pupilId}>
                      <th scope="row">
                        <a href={`#/pupils/${p.pupilId}`}>{p.name ?? 'Pupil'}</a>
                      </th>
                      <td>{p.incidents}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="ri-durations">
            <h2 id="ri-durations">Durations and injuries</h2>
            <dl className="facts">
              <dt>Total minutes</dt>
              <dd>{r.durations.totalMinutes}</dd>
              <dt>Mean</dt>
              <dd>{r.durations.meanMinutes} min</dd>
              <dt>Median</dt>
              <dd>{r.durations.medianMinutes} min</dd>
              <dt>Longest</dt>
              <dd>{r.durations.longestMinutes} min</dd>
              <dt>Injury to the pupil</dt>
              <dd>{r.injuries.pupil}</dd>
              <dt>Injury to staff</dt>
              <dd>{r.injuries.staff}</dd>
            </dl>
          </section>
        </>
      )}
    </Page>
  );
}
