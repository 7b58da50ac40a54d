import { useState } from 'react';
import { api } from '../session/api.js';
import { Badge, LoadState, Page, useLoad } from '../components/ui.js';
import { navigate } from '../app/router.js';
import { formatDate, isoWeek, mondayOf, shiftWeek } from '../components/time.js';

interface Ledger {
  week: string;
  rows: { staffId: string; name: string; coverMinutes: number; contractedMinutes: number; percent: number; overCap: boolean }[];
}

const CAP_PERCENT = 20;

const hours = (minutes: number): string => {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return m ? `${h} h ${m} min` : `${h} h`;
};

export function CoverLedgerPage({ week: initial }: { week?: string }) {
  const [week, setWeekState] = useState(initial && /^\d{4}-W\d{2}$/.test(initial) ? initial : isoWeek());
  const loaded = useLoad(() => api.get<Ledger>('/cover-ledger', { week }), [week]);
  const setWeek = (w: string) => {
    if (!/^\d{4}-W\d{2}$/.test(w)) return;
    setWeekState(w);
    navigate(`/cover?week=${w}`, { replace: true });
  };
  const monday = mondayOf(week);
  const rows = [...(loaded.data?.rows ?? [])].sort((a, b) => b.percent - a.percent);
  const over = rows.filter((r) => r.overCap).length;

  return (
    <Page title="Cover ledger" intro={`Cover is capped at ${CAP_PERCENT}% of each assistant's contracted hours in a week.`}>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose a week">
        <button type="button" className="button-secondary" onClick={() => setWeek(shiftWeek(week, -1))}>
          Previous week
        </button>
        <div className="field">
          {/* A date, not <input type="week">: Safari and Firefox have no week picker. */}
          <label htmlFor="week">Week containing</label>
          <p className="hint" id="week-hint">
            Any day of the week; the ledger counts Monday to Sunday.
          </p>
          <input
            id="week"
            type="date"
            value={monday ? monday.toISOString().slice(0, 10) : ''}
            aria-describedby="week-hint"
            onChange={(e) => e.target.value && setWeek(isoWeek(new Date(`${e.target.value}T12:00:00`)))}
          />
        </div>
        <button type="button" className="button-secondary" onClick={() => setWeek(shiftWeek(week, 1))}>
          Next week
        </button>
      </form>
      {monday && (
        <p>
          Week {week}, beginning Monday {formatDate(monday.toISOString().slice(0, 10))}.
        </p>
      )}
      <LoadState loaded={loaded} what="cover ledger" />
      {loaded.data && rows.length === 0 && <p>No cover recorded this week.</p>}
      {rows.length > 0 && (
        <>
          <p role="status">
            {over === 0 ? 'Nobody is over the cap this week.' : `${over} member${over === 1 ? '' : 's'} of staff over the cap.`}
          </p>
          <div className="table-wrap">
            <table>
              <caption>Cover in week {loaded.data?.week ?? week}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Cover</th>
                  <th scope="col">Contracted</th>
                  <th scope="col">Share of week</th>
                  <th scope="col">Cap</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.staffId} className={r.overCap ? 'row-bad' : undefined}>
                    <th scope="row">{r.name}</th>
                    <td>
                      {r.coverMinutes} min <span className="muted">({hours(r.coverMinutes)})</span>
                    </td>
                    <td>
                      {r.contractedMinutes} min <span className="muted">({hours(r.contractedMinutes)})</span>
                    </td>
                    <td>
                      <span className="meter" aria-hidden="true">
                        <span style={{ width: `${Math.min(100, (r.percent / (CAP_PERCENT * 2)) * 100)}%` }} />
                      </span>
                      {r.percent.toFixed(1)}%
                    </td>
                    <td>{CAP_PERCENT}%</td>
                    <td>{r.overCap ? <Badge tone="bad">✗ Over cap</Badge> : <Badge tone="ok">✓ Within cap</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}
