import { useEffect, useRef, useState } from 'react';
import { api, apiUrl, type Alert } from '../session/api.js';
import { announce, Badge, ErrorSummary, LoadState, Page, useCommand, useLoad } from '../components/ui.js';
import { href } from '../app/router.js';
import { getSession } from '../session/session.js';
import { formatDateTime } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';

const PRIORITY_ORDER = ['critical', 'high', 'medium', 'low'];
const priorityTone = (p: string): string => (p === 'critical' || p === 'high' ? 'bad' : p === 'medium' ? 'warn' : 'neutral');
const escalationTone = (level: number): string => (level >= 2 ? 'bad' : level === 1 ? 'warn' : 'neutral');

/** Triage order: the highest priority first, then the most escalated, then the one waiting longest. */
export const byTriage = (a: Alert, b: Alert): number =>
  PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority) ||
  b.escalationLevel - a.escalationLevel ||
  a.raisedAt.localeCompare(b.raisedAt);

const isCompliance = (a: Alert): boolean =>
  label('alertFamilies', a.kind) === 'compliance' || a.kind.startsWith('training_') || a.kind.startsWith('cover_');

function groupByKind(alerts: Alert[]): Map<string, Alert[]> {
  const groups = new Map<string, Alert[]>();
  for (const a of alerts) groups.set(a.kind, [...(groups.get(a.kind) ?? []), a]);
  return groups;
}

/** Where a group of compliance alerts is dealt with. */
function groupLink(kind: string): [string, string] | null {
  if (kind === 'training_expired') return ['/training?status=expired', 'Open the training matrix'];
  if (kind === 'training_due') return ['/training?status=due', 'Open the training matrix'];
  if (kind.startsWith('cover_')) return ['/cover', 'Open the cover ledger'];
  if (['debrief_overdue', 'parent_not_notified', 'restraint_recorded_late', 'uncertified_restraint'].includes(kind))
    return ['/audits/team-teach', 'Open Team Teach compliance'];
  return null;
}

type Live = 'connecting' | 'live' | 'reconnecting';

export function InboxPage() {
  const [status, setStatus] = useState<Alert['status']>('open');
  const loaded = useLoad(() => api.list<Alert>('/alerts', { status }, 'alerts'), [status]);
  const reload = loaded.reload;
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [live, setLive] = useState<Live>('connecting');
  const [latest, setLatest] = useState('');

  // The stream can be ahead of a list fetched just before (e.g. a reload racing the alert's own
  // change). An alert only moves forward (open → acknowledged → resolved), so the later status wins.
  const streamed = useRef(new Map<string, Alert['status']>());

  useEffect(() => {
    if (!loaded.data) return;
    setAlerts(loaded.data.filter((a) => latestStatus(a.status, streamed.current.get(a.id)) === status));
  }, [loaded.data, status]);

  useEffect(() => {
    let source: EventSource | undefined;
    let closed = false;
    let refresh: number | undefined;
    let retry: number | undefined;
    // A ticket opens one stream: after an error the stream is opened again with a fresh ticket
    // (EventSource's own retry would repeat the spent one).
    const open = () =>
      void streamUrl().then((url) => {
        if (closed) return;
        if (!url) {
          retry = window.setTimeout(open, 5000);
          return;
        }
        source = new EventSource(url);
        connect(source);
      });
    open();
    const connect = (source: EventSource) => {
      const receive = (ev: MessageEvent<string>) => {
        let alert: Alert;
        try {
          alert = JSON.parse(ev.data) as Alert;
        } catch {
          return;
        }
        if (!alert?.id) return;
        streamed.current.set(alert.id, latestStatus(alert.status, streamed.current.get(alert.id)));
        setAlerts((current) => {
          const known = current.some((a) => a.id === alert.id);
          const rest = current.filter((a) => a.id !== alert.id);
          if (!known && alert.status === status) {
            const text = `New alert: ${label('alertKinds', alert.kind)}, priority ${label('alertPriorities', alert.priority)}. ${alert.message}`;
            setLatest(text);
          }
          return alert.status === status ? [alert, ...rest] : rest;
        });
        // The stream carries ids; the list names the pupil and the adult, so fetch it again shortly.
        window.clearTimeout(refresh);
        refresh = window.setTimeout(reload, 300);
      };
      source.onmessage = receive;
      source.addEventListener('alert', receive as EventListener);
      source.onopen = () => setLive('live');
      source.onerror = () => {
        setLive('reconnecting');
        source.close();
        window.clearTimeout(retry);
        retry = window.setTimeout(open, 2000);
      };
    };
    return () => {
      closed = true;
      window.clearTimeout(refresh);
      window.clearTimeout(retry);
      source?.close();
    };
  }, [status, reload]);

  const sorted = [...alerts].sort(byTriage);
  const safeguarding = sorted.filter((a) => !isCompliance(a));
  const compliance = sorted.filter(isCompliance);
  const groups = [...groupByKind(compliance)].sort(([, a], [, b]) => byTriage(a[0]!, b[0]!));

  return (
    <Page title="Alerts inbox">
      <p className="live-status" role="status">
        Live updates:{' '}
        <Badge tone={live === 'live' ? 'ok' : 'warn'}>
          {live === 'live' ? 'connected' : live === 'connecting' ? 'connecting…' : 'reconnecting…'}
        </Badge>
      </p>
      <div aria-live="assertive" aria-atomic="true" className="latest-alert" data-testid="alert-live-region">
        {latest && <p>{latest}</p>}
      </div>
      <div className="filters">
        <label htmlFor="alert-status">Show alerts that are</label>
        <select id="alert-status" value={status} onChange={(e) => setStatus(e.target.value as Alert['status'])}>
          {entries('alertStatuses').map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <LoadState loaded={loaded} what="alerts" />
      {loaded.data && alerts.length === 0 && <p>No {label('alertStatuses', status).toLowerCase()} alerts.</p>}
      {safeguarding.length > 0 && (
        <section aria-labelledby="safeguarding-title">
          <h2 id="safeguarding-title">Safeguarding ({safeguarding.length})</h2>
          <ul className="alerts" aria-label={`${label('alertStatuses', status)} safeguarding alerts, most urgent first`}>
            {safeguarding.map((a) => (
              <AlertItem key={a.id} alert={a} reload={loaded.reload} />
            ))}
          </ul>
        </section>
      )}
      {groups.length > 0 && (
        <section aria-labelledby="compliance-title">
          <h2 id="compliance-title">Compliance ({compliance.length})</h2>
          <ul className="alerts" aria-label={`${label('alertStatuses', status)} compliance alerts, grouped`}>
            {groups.map(([kind, items]) => (
              <ComplianceGroup key={kind} kind={kind} alerts={items} reload={loaded.reload} />
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}

const STATUS_ORDER: Alert['status'][] = ['open', 'acknowledged', 'resolved'];

function latestStatus(a: Alert['status'], b: Alert['status'] | undefined): Alert['status'] {
  return b && STATUS_ORDER.indexOf(b) > STATUS_ORDER.indexOf(a) ? b : a;
}

/** Alerts that ask for the pupil's behaviour support plan to be reviewed open the plan (on the pupil's page). */
const PLAN_ALERTS = ['repeat_restraint', 'behaviour_plan_review_due'];

function subjectLink(a: Alert): [string, string] | null {
  if (PLAN_ALERTS.includes(a.kind) && a.subject.pupilId) return [`/pupils/${a.subject.pupilId}`, 'Open the behaviour support plan'];
  if (a.subject.concernId) return [`/concerns/${a.subject.concernId}`, 'Open the concern'];
  if (a.subject.incidentId) return [`/incidents/${a.subject.incidentId}`, 'Open the incident'];
  if (a.subject.pupilId) return [`/pupils/${a.subject.pupilId}/chronology`, "Open the pupil's chronology"];
  if (a.subject.coverAssignmentId || a.kind.startsWith('cover_')) return ['/cover', 'Open the cover ledger'];
  if (a.kind.startsWith('training_')) return ['/training', 'Open the training matrix'];
  return null;
}

function AlertItem({ alert, reload, nested = false }: { alert: Alert; reload: () => void; nested?: boolean }) {
  const cmd = useCommand(reload, 'alert');
  const [note, setNote] = useState('');
  const [resolving, setResolving] = useState(false);
  const link = subjectLink(alert);
  const title = label('alertKinds', alert.kind);
  const noteId = `resolve-note-${alert.id}`;

  return (
    <li className={`alert-card tone-${priorityTone(alert.priority)}`} data-testid="alert">
      {nested ? <h4>{title}</h4> : <h3>{title}</h3>}
      <p>
        <Badge tone={priorityTone(alert.priority)}>Priority: {label('alertPriorities', alert.priority)}</Badge>{' '}
        <Badge tone={escalationTone(alert.escalationLevel)}>{label('escalationLevels', alert.escalationLevel)}</Badge>{' '}
        <Badge tone="neutral">{label('alertStatuses', alert.status)}</Badge>
      </p>
      <Subject alert={alert} />
      <p>{alert.message}</p>
      <p className="muted">Raised {formatDateTime(alert.raisedAt)}</p>
      {link && (
        <p>
          <a href={href(link[0])}>
            {link[1]}
            <span className="visually-hidden"> for alert: {title}</span>
          </a>
        </p>
      )}
      <ErrorSummary problem={cmd.problem} title="This alert could not be updated" />
      {alert.status !== 'resolved' && (
        <div className="actions">
          {alert.status === 'open' && (
            <button
              type="button"
              disabled={cmd.busy}
              onClick={() => void cmd.run(() => api.post(`/alerts/${alert.id}/acknowledge`), `Alert acknowledged: ${title}.`)}
            >
              Acknowledge<span className="visually-hidden"> {title}</span>
            </button>
          )}
          {!resolving && (
            <button type="button" className="button-secondary" onClick={() => setResolving(true)}>
              Resolve<span className="visually-hidden"> {title}</span>
            </button>
          )}
        </div>
      )}
      {resolving && alert.status !== 'resolved' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!note.trim()) {
              announce('Write a note saying how the alert was resolved.');
              return;
            }
            void cmd
              .run(() => api.post(`/alerts/${alert.id}/resolve`, { note: note.trim() }), `Alert resolved: ${title}.`)
              .then((ok) => ok && setResolving(false));
          }}
        >
          <label htmlFor={noteId}>How was it resolved?</label>
          <input id={noteId} type="text" value={note} onChange={(e) => setNote(e.target.value)} required />
          <button type="submit" disabled={cmd.busy}>
            Resolve alert
          </button>
          <button type="button" className="button-secondary" onClick={() => setResolving(false)}>
            Cancel
          </button>
        </form>
      )}
    </li>
  );
}

/** Who the alert is about, by name, for those the list names them to. */
function Subject({ alert }: { alert: Alert }) {
  const { pupilName, staffName } = alert.subject;
  if (!pupilName && !staffName) return null;
  return (
    <p className="alert-subject">
      {pupilName && (
        <>
          Pupil: <strong>{pupilName}</strong>
        </>
      )}
      {pupilName && staffName && ' · '}
      {staffName && (
        <>
          {alert.subject.concernId ? 'Adult' : 'Staff'}: <strong>{staffName}</strong>
        </>
      )}
    </p>
  );
}

/** Eleven expired certificates are one line to deal with, not eleven cards burying the concerns. */
function ComplianceGroup({ kind, alerts, reload }: { kind: string; alerts: Alert[]; reload: () => void }) {
  const link = groupLink(kind);
  const title = `${label('alertKinds', kind)}: ${alerts.length}`;
  const top = alerts[0]!;
  return (
    <li className={`alert-card alert-group tone-${priorityTone(top.priority)}`} data-testid="compliance-group">
      <h3>{title}</h3>
      <p>
        <Badge tone={priorityTone(top.priority)}>Priority: {label('alertPriorities', top.priority)}</Badge>{' '}
        <span className="muted">
          oldest raised {formatDateTime(alerts.reduce((o, a) => (a.raisedAt < o ? a.raisedAt : o), top.raisedAt))}
        </span>
      </p>
      {link && (
        <p>
          <a href={href(link[0])}>
            {link[1]}
            <span className="visually-hidden"> for {title}</span>
          </a>
        </p>
      )}
      <details>
        <summary>
          Show each<span className="visually-hidden"> of {title}</span>
        </summary>
        <ul className="alerts">
          {alerts.map((a) => (
            <AlertItem key={a.id} alert={a} reload={reload} nested />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** The stream by a single-use ticket (an access token never goes in a URL, where proxies log it). */
async function streamUrl(): Promise<string | null> {
  if (!getSession()?.token) return null;
  try {
    const { ticket } = await api.post<{ ticket: string }>('/auth/stream-ticket', {}, { noRecovery: true });
    return apiUrl('/alerts/stream', { ticket });
  } catch {
    return null;
  }
}
