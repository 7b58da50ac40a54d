import { useEffect, useRef, useState } from 'react';
import { api, apiUrl, rowsOf, type Alert } from '../session/api.js';
import { announce, Badge, ErrorSummary, LoadState, Page, useCommand, useLoad } from '../components/ui.js';
import { href } from '../app/router.js';
import { getSession } from '../session/session.js';
import { formatDateTime } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';

const priorityTone = (p: string): string =>
  /critical|immediate|urgent|high/.test(p) ? 'bad' : /medium|normal/.test(p) ? 'warn' : 'neutral';
const escalationTone = (level: number): string => (level >= 2 ? 'bad' : level === 1 ? 'warn' : 'neutral');
const byPriority = (a: Alert, b: Alert): number => b.escalationLevel - a.escalationLevel || b.raisedAt.localeCompare(a.raisedAt);

type Live = 'connecting' | 'live' | 'reconnecting';

export function InboxPage() {
  const [status, setStatus] = useState<Alert['status']>('open');
  const loaded = useLoad(() => api.get<unknown>('/alerts', { status }).then((b) => rowsOf<Alert>(b, 'alerts')), [status]);
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
    const token = getSession()?.token;
    if (!token) return;
    // EventSource cannot send an Authorization header; the stream route accepts the token in the query.
    const source = new EventSource(apiUrl('/alerts/stream', { access_token: token }));
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
          const text = `New alert: ${label('alertKinds', alert.kind)}, priority ${alert.priority}. ${alert.message}`;
          setLatest(text);
        }
        return alert.status === status ? [alert, ...rest] : rest;
      });
    };
    source.onmessage = receive;
    source.addEventListener('alert', receive as EventListener);
    source.onopen = () => setLive('live');
    source.onerror = () => setLive('reconnecting');
    return () => source.close();
  }, [status]);

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
      {loaded.data && alerts.length === 0 && <p>No {status} alerts.</p>}
      <ul className="alerts" aria-label={`${label('alertStatuses', status)} alerts`}>
        {[...alerts].sort(byPriority).map((a) => (
          <AlertItem key={a.id} alert={a} reload={loaded.reload} />
        ))}
      </ul>
    </Page>
  );
}

const STATUS_ORDER: Alert['status'][] = ['open', 'acknowledged', 'resolved'];

function latestStatus(a: Alert['status'], b: Alert['status'] | undefined): Alert['status'] {
  return b && STATUS_ORDER.indexOf(b) > STATUS_ORDER.indexOf(a) ? b : a;
}

function subjectLink(a: Alert): [string, string] | null {
  if (a.subject.concernId) return [`/concerns/${a.subject.concernId}`, 'Open the concern'];
  if (a.subject.incidentId) return [`/incidents/${a.subject.incidentId}`, 'Open the incident'];
  if (a.subject.pupilId) return [`/pupils/${a.subject.pupilId}/chronology`, "Open the pupil's chronology"];
  if (a.subject.coverAssignmentId || a.kind.startsWith('cover_')) return ['/cover', 'Open the cover ledger'];
  if (a.kind.startsWith('training_')) return ['/training', 'Open the training matrix'];
  return null;
}

function AlertItem({ alert, reload }: { alert: Alert; reload: () => void }) {
  const cmd = useCommand(reload, 'alert');
  const [note, setNote] = useState('');
  const [resolving, setResolving] = useState(false);
  const link = subjectLink(alert);
  const title = label('alertKinds', alert.kind);
  const noteId = `resolve-note-${alert.id}`;

  return (
    <li className={`alert-card tone-${priorityTone(alert.priority)}`} data-testid="alert">
      <h2>{title}</h2>
      <p>
        <Badge tone={priorityTone(alert.priority)}>Priority: {alert.priority}</Badge>{' '}
        <Badge tone={escalationTone(alert.escalationLevel)}>{label('escalationLevels', alert.escalationLevel)}</Badge>{' '}
        <Badge tone="neutral">{label('alertStatuses', alert.status)}</Badge>
      </p>
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
