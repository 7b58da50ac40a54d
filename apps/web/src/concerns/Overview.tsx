import { useState } from 'react';
import { href } from '../app/router.js';
import { label } from '../app/vocabulary.js';
import { Chart, countBy } from '../components/charts.js';
import { formatDateTime, monthKey, todayIso } from '../components/time.js';
import { Badge, LoadState, Page, useLoad } from '../components/ui.js';
import { api, type Alert } from '../session/api.js';

interface OverviewConcern {
  id: string;
  status: string;
  urgency: string;
  raisedAt: string;
  summary: string;
  categories: string[];
  pupils: { id: string; fullName: string | null }[];
  acknowledgedAt: string | null;
  openActions: number;
}

interface PupilFacts {
  id: string;
  yearGroup: string;
  sen: boolean;
  ehcp: boolean;
}

const monthsAgo = (n: number): string => {
  const d = new Date();
  d.setMonth(d.getMonth() - n);
  return todayIso(d);
};

const senGroup = (p: PupilFacts | undefined): string => (!p ? 'Not known' : p.ehcp ? 'EHCP' : p.sen ? 'SEN support' : 'No SEN');

/**
 * The DSL's and the head's picture of the school: concerns by category, year group, SEN and month;
 * what is open; what is overdue (unacknowledged concerns, open compliance alerts).
 */
export function OverviewPage() {
  const [from, setFrom] = useState(monthsAgo(12));
  const loaded = useLoad(
    () =>
      Promise.all([
        api.list<OverviewConcern>('/concerns'),
        api.get<PupilFacts[]>('/pupils'),
        api.list<Alert>('/alerts', { status: 'open' }).catch(() => [] as Alert[]),
      ]),
    [],
  );
  const [concerns = [], pupils = [], alerts = []] = loaded.data ?? [];
  const inPeriod = concerns.filter((c) => c.raisedAt.slice(0, 10) >= from && c.categories);
  const byPupil = new Map(pupils.map((p) => [p.id, p]));
  const pupilsOf = (c: OverviewConcern) => (c.pupils ?? []).map((p) => byPupil.get(p.id));
  const open = concerns.filter((c) => c.status !== 'closed');
  const unacknowledged = open.filter((c) => !c.acknowledgedAt);
  const openActions = open.reduce((n, c) => n + (c.openActions ?? 0), 0);
  const overdueAlerts = alerts.filter(
    (a) => a.escalationLevel > 0 || ['debrief_overdue', 'parent_not_notified', 'training_expired'].includes(a.kind),
  );

  return (
    <Page title="Safeguarding overview">
      <div className="filters">
        <div className="field">
          <label htmlFor="overview-from">Concerns raised since</label>
          <input id="overview-from" type="date" value={from} max={todayIso()} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </div>
      </div>
      <LoadState loaded={loaded} what="overview" />
      {loaded.data && (
        <>
          <ul className="stats" aria-label="Now">
            <li>
              <strong>{open.length}</strong> open concerns
            </li>
            <li>
              <strong>{unacknowledged.length}</strong> not yet acknowledged
            </li>
            <li>
              <strong>{openActions}</strong> open actions
            </li>
            <li>
              <strong>{overdueAlerts.length}</strong> overdue or escalated items
            </li>
          </ul>
          <div className="charts">
            <Chart
              title="Concerns by category"
              data={countBy(inPeriod, (c) => c.categories.map((k) => label('concernCategories', k))).sort((a, b) => b.count - a.count)}
              colour="#1d70b8"
              sideways
            />
            <Chart
              title="Concerns by year group"
              data={countBy(inPeriod, (c) => pupilsOf(c).map((p) => (p ? `Year ${p.yearGroup}` : 'Not known'))).sort((a, b) =>
                a.name.localeCompare(b.name, 'en-GB', { numeric: true }),
              )}
              colour="#4c2c92"
            />
            <Chart title="Concerns by SEN" data={countBy(inPeriod, (c) => pupilsOf(c).map(senGroup))} colour="#00703c" />
            <Chart
              title="Concerns by month"
              data={countBy(inPeriod, (c) => [monthKey(c.raisedAt)]).sort((a, b) => a.name.localeCompare(b.name))}
              colour="#d4351c"
            />
          </div>
          <h2>Waiting for the DSL</h2>
          {unacknowledged.length === 0 ? (
            <p>Every open concern has been acknowledged.</p>
          ) : (
            <ul className="plain-list">
              {unacknowledged.map((c) => (
                <li key={c.id}>
                  <a href={href(`/concerns/${c.id}`)}>{c.summary}</a> — {(c.pupils ?? []).map((p) => p.fullName ?? 'Pupil').join(', ')}{' '}
                  <Badge tone={c.urgency === 'routine' ? 'neutral' : 'bad'}>{label('urgencies', c.urgency)}</Badge>{' '}
                  <span className="muted">raised {formatDateTime(c.raisedAt)}</span>
                </li>
              ))}
            </ul>
          )}
          <h2>Overdue and escalated</h2>
          {overdueAlerts.length === 0 ? (
            <p>Nothing overdue.</p>
          ) : (
            <ul className="plain-list">
              {overdueAlerts.map((a) => (
                <li key={a.id}>
                  <strong>{label('alertKinds', a.kind)}</strong>: {a.message}
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href={href('/inbox')}>Go to the alerts inbox</a>
          </p>
        </>
      )}
    </Page>
  );
}
