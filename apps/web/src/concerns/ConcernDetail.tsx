import { useState, type FormEvent } from 'react';
import { api, ApiError, pupilName, rowsOf, type HistoryEntry, type StaffSummary } from '../session/api.js';
import { StaffSelect, useStaff } from '../components/pickers.js';
import { Badge, describedBy, ErrorSummary, FieldError, LoadState, Page, useCommand, useLoad, type FieldErrors } from '../components/ui.js';
import { href } from '../app/router.js';
import { isSafeguardingLead, useSession } from '../session/session.js';
import { canAudit } from '../app/screens.js';
import { formatDate, formatDateTime, todayIso } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';
import { statusTone, urgencyTone, type ConcernListItem } from './Concerns.js';

interface ConcernView extends ConcernListItem {
  version: number;
  pupilIds?: string[];
  details?: string;
  informedDslVerbally?: boolean;
  bodyMap?: { region: string; note: string }[];
  raisedBy?: string;
  history?: HistoryEntry[];
  events?: HistoryEntry[];
}

interface Action {
  actionId: string;
  description: string;
  assigneeId: string;
  dueOn: string;
  completed?: { note: string; completedAt?: string; completedBy?: string };
}

const historyOf = (c: ConcernView): HistoryEntry[] => c.history ?? c.events ?? [];
const dataOf = (e: HistoryEntry): Record<string, unknown> => e.data ?? {};
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** Actions as the history tells them: assigned, then perhaps completed. */
function actionsOf(history: HistoryEntry[]): Action[] {
  const actions = new Map<string, Action>();
  for (const e of history) {
    const d = dataOf(e);
    if (e.type === 'ConcernActionAssigned')
      actions.set(str(d.actionId), {
        actionId: str(d.actionId),
        description: str(d.description),
        assigneeId: str(d.assigneeId),
        dueOn: str(d.dueOn),
      });
    if (e.type === 'ConcernActionCompleted') {
      const a = actions.get(str(d.actionId));
      if (a) a.completed = { note: str(d.note), completedAt: str(d.completedAt), completedBy: str(d.completedBy) };
    }
  }
  return [...actions.values()];
}

function describe(e: HistoryEntry, name: (id: string) => string): string {
  const d = dataOf(e);
  switch (e.type) {
    case 'ConcernRaised':
      return `${str(d.summary)} (${label('urgencies', str(d.urgency))})`;
    case 'ConcernTriaged':
      // The raiser is told a decision was made, never what it was (the server sends them no data).
      if (!d.decision) return 'The DSL recorded a decision.';
      return `Risk ${label('riskLevels', str(d.riskLevel)).toLowerCase()}. Decision: ${label('triageDecisions', str(d.decision))}. Rationale: ${str(d.rationale)}`;
    case 'ConcernActionAssigned':
      return `${str(d.description)} — assigned to ${name(str(d.assigneeId))}, due ${formatDate(str(d.dueOn))}`;
    case 'ConcernActionCompleted':
      return str(d.note);
    case 'ConcernAddendumAdded':
      return str(d.text);
    case 'ConcernClosed':
      if (!d.reasonCode) return 'The DSL closed the concern.';
      return `${label('closureReasons', str(d.reasonCode))}. Outcome: ${str(d.outcome).replace(/\.$/, '')}. Rationale: ${str(d.rationale)}`;
    default:
      return '';
  }
}

function actorOf(e: HistoryEntry): string {
  const d = dataOf(e);
  const meta = (e as { metadata?: { actorId?: string } }).metadata;
  return (
    e.actorName ??
    e.actorId ??
    meta?.actorId ??
    str(d.raisedBy || d.acknowledgedBy || d.triagedBy || d.assignedBy || d.completedBy || d.addedBy || d.closedBy)
  );
}

function whenOf(e: HistoryEntry): string | undefined {
  const d = dataOf(e);
  return (
    e.occurredAt ??
    e.recordedAt ??
    str(d.raisedAt || d.acknowledgedAt || d.triagedAt || d.assignedAt || d.completedAt || d.addedAt || d.closedAt)
  );
}

export function ConcernPage({ id }: { id: string }) {
  const user = useSession()?.user;
  const lead = isSafeguardingLead(user);
  const loaded = useLoad(() => api.get<ConcernView>(`/concerns/${encodeURIComponent(id)}`), [id]);
  const staff = useStaff();
  const people = staff.data ?? [];
  const name = (staffId: string) => people.find((s) => s.id === staffId)?.name ?? (staffId || 'someone');
  const concern = loaded.data;

  return (
    <Page title="Concern">
      <LoadState loaded={loaded} what="concern" />
      {concern && (
        <>
          <Summary concern={concern} />
          {lead && concern.status !== 'closed' && (
            <>
              {concern.status === 'open' && <Acknowledge id={id} reload={loaded.reload} />}
              <Triage id={id} version={concern.version} reload={loaded.reload} />
              <Actions id={id} actions={actionsOf(historyOf(concern))} staff={people} name={name} reload={loaded.reload} />
            </>
          )}
          {!lead && actionsOf(historyOf(concern)).length > 0 && (
            <Actions id={id} actions={actionsOf(historyOf(concern))} staff={people} name={name} reload={loaded.reload} readOnly />
          )}
          <Addenda id={id} history={historyOf(concern)} name={name} reload={loaded.reload} closed={concern.status === 'closed'} />
          {lead && concern.status !== 'closed' && (
            <Close
              id={id}
              version={concern.version}
              status={concern.status}
              openActions={actionsOf(historyOf(concern)).filter((a) => !a.completed)}
              reload={loaded.reload}
            />
          )}
          {user && canAudit(user) && (
            <p>
              <a href={href(`/audit/views?subject=${id}`)}>Who viewed this record</a>
            </p>
          )}
          <section aria-labelledby="history-title">
            <h2 id="history-title">History</h2>
            {historyOf(concern).length === 0 ? (
              <p>No history to show.</p>
            ) : (
              <ol className="history">
                {historyOf(concern).map((e, i) => (
                  <li key={i}>
                    <p>
                      <strong>{label('concernEvents', e.type)}</strong> — {formatDateTime(whenOf(e))}
                      {actorOf(e) && <> by {name(actorOf(e))}</>}
                    </p>
                    {describe(e, name) && <p>{describe(e, name)}</p>}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </Page>
  );
}

function Summary({ concern }: { concern: ConcernView }) {
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{concern.summary || 'Summary'}</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <Badge tone={statusTone(concern.status)}>{label('concernStatuses', concern.status)}</Badge>
        </dd>
        {concern.urgency && (
          <>
            <dt>Urgency</dt>
            <dd>
              <Badge tone={urgencyTone(concern.urgency)}>{label('urgencies', concern.urgency)}</Badge>
            </dd>
          </>
        )}
        {(concern.pupils ?? concern.pupilIds) && (
          <>
            <dt>Pupils</dt>
            <dd>
              <ul className="inline-list">
                {(concern.pupils ?? (concern.pupilIds ?? []).map((p) => ({ id: p, name: 'Pupil' }))).map((p) => (
                  <li key={p.id}>
                    <a href={href(`/pupils/${p.id}/chronology`)}>{pupilName(p) || 'Pupil'}</a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {concern.categories && (
          <>
            <dt>Categories</dt>
            <dd>{concern.categories.map((c) => label('concernCategories', c)).join(', ')}</dd>
          </>
        )}
        {concern.occurredAt && (
          <>
            <dt>Happened</dt>
            <dd>{formatDateTime(concern.occurredAt)}</dd>
          </>
        )}
        {concern.raisedAt && (
          <>
            <dt>Recorded</dt>
            <dd>{formatDateTime(concern.raisedAt)}</dd>
          </>
        )}
        {concern.informedDslVerbally !== undefined && (
          <>
            <dt>DSL told in person</dt>
            <dd>{concern.informedDslVerbally ? 'Yes' : 'No'}</dd>
          </>
        )}
      </dl>
      {concern.details && (
        <>
          <h3>What was seen or heard</h3>
          <p className="narrative">{concern.details}</p>
        </>
      )}
      {concern.bodyMap && concern.bodyMap.length > 0 && (
        <>
          <h3>Body map</h3>
          <ul>
            {concern.bodyMap.map((m) => (
              <li key={m.region}>
                {label('bodyMapRegions', m.region)}: {m.note || 'no note'}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Acknowledge({ id, reload }: { id: string; reload: () => void }) {
  const cmd = useCommand(reload, 'concern');
  return (
    <section aria-labelledby="ack-title" className="panel">
      <h2 id="ack-title">Acknowledge</h2>
      <ErrorSummary problem={cmd.problem} />
      <p>Acknowledging tells the person who raised it that the DSL has seen it, and stops the escalation clock.</p>
      <button
        type="button"
        disabled={cmd.busy}
        onClick={() => void cmd.run(() => api.post(`/concerns/${id}/acknowledge`), 'Concern acknowledged.')}
      >
        Acknowledge concern
      </button>
    </section>
  );
}

function Triage({ id, version, reload }: { id: string; version: number; reload: () => void }) {
  const cmd = useCommand(reload, 'concern');
  const [riskLevel, setRiskLevel] = useState('');
  const [decision, setDecision] = useState('');
  const [rationale, setRationale] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!riskLevel) found.riskLevel = 'Choose a risk level';
    if (!decision) found.decision = 'Choose a decision';
    if (!rationale.trim()) found.rationale = 'Record the reason for the decision';
    setLocal(found);
    if (Object.keys(found).length) return;
    const ok = await cmd.run(
      () => api.post(`/concerns/${id}/triage`, { riskLevel, decision, rationale: rationale.trim() }, { ifMatch: version }),
      'Triage decision recorded.',
    );
    if (ok) setRationale('');
  }

  return (
    <section aria-labelledby="triage-title" className="panel">
      <h2 id="triage-title">Triage</h2>
      <ErrorSummary problem={cmd.problem} />
      <form onSubmit={submit} noValidate aria-labelledby="triage-title">
        <fieldset className="field" id="field-riskLevel" aria-describedby={errors.riskLevel ? 'error-riskLevel' : undefined}>
          <legend>Risk level</legend>
          <FieldError field="riskLevel" errors={errors} />
          <div className="radio-row">
            {entries('riskLevels').map(([code, label]) => (
              <div className="radio" key={code}>
                <input type="radio" name="riskLevel" id={`risk-${code}`} checked={riskLevel === code} onChange={() => setRiskLevel(code)} />
                <label htmlFor={`risk-${code}`}>{label}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="field-decision">Decision</label>
          <FieldError field="decision" errors={errors} />
          <select id="field-decision" value={decision} onChange={(e) => setDecision(e.target.value)} {...describedBy('decision', errors)}>
            <option value="">Choose a decision</option>
            {entries('triageDecisions').map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="field-rationale">Rationale</label>
          <FieldError field="rationale" errors={errors} />
          <textarea
            id="field-rationale"
            rows={4}
            value={rationale}
            onChange={(e) => setRationale(e.target.value)}
            {...describedBy('rationale', errors)}
          />
        </div>
        <button type="submit" disabled={cmd.busy}>
          Record triage decision
        </button>
      </form>
    </section>
  );
}

function Actions({
  id,
  actions,
  staff,
  name,
  reload,
  readOnly = false,
}: {
  id: string;
  actions: Action[];
  staff: StaffSummary[];
  name: (id: string) => string;
  reload: () => void;
  readOnly?: boolean;
}) {
  const cmd = useCommand(reload, 'concern');
  const [description, setDescription] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [dueOn, setDueOn] = useState(todayIso(new Date(Date.now() + 7 * 86_400_000)));
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function assign(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!description.trim()) found.description = 'Describe the action';
    if (!assigneeId) found.assigneeId = 'Choose who will do it';
    if (!dueOn) found.dueOn = 'Choose a due date';
    setLocal(found);
    if (Object.keys(found).length) return;
    const ok = await cmd.run(
      () => api.post(`/concerns/${id}/actions`, { description: description.trim(), assigneeId, dueOn }),
      'Action assigned.',
    );
    if (ok) setDescription('');
  }

  return (
    <section aria-labelledby="actions-title" className="panel">
      <h2 id="actions-title">Actions</h2>
      <ErrorSummary problem={cmd.problem} />
      {actions.length === 0 ? (
        <p>No actions yet.</p>
      ) : (
        <ul className="plain-list">
          {actions.map((a) => (
            <li key={a.actionId}>
              <p>
                <strong>{a.description}</strong> — {name(a.assigneeId)}, due {formatDate(a.dueOn)}{' '}
                {a.completed ? <Badge tone="ok">✓ Done</Badge> : <Badge tone="warn">To do</Badge>}
              </p>
              {a.completed?.note && <p>Note: {a.completed.note}</p>}
              {!a.completed && !readOnly && <CompleteAction concernId={id} action={a} run={cmd.run} busy={cmd.busy} />}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <form onSubmit={assign} noValidate aria-label="Assign an action">
          <h3>Assign an action</h3>
          <div className="field">
            <label htmlFor="field-description">What needs doing</label>
            <FieldError field="description" errors={errors} />
            <input
              id="field-description"
              type="text"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              {...describedBy('description', errors)}
            />
          </div>
          <div id="field-assigneeId">
            <StaffSelect
              id="assignee"
              label="Assigned to"
              value={assigneeId}
              onChange={setAssigneeId}
              staff={staff}
              errors={errors}
              field="assigneeId"
            />
          </div>
          <div className="field">
            <label htmlFor="field-dueOn">Due by</label>
            <FieldError field="dueOn" errors={errors} />
            <input
              id="field-dueOn"
              type="date"
              value={dueOn}
              onChange={(e) => setDueOn(e.target.value)}
              {...describedBy('dueOn', errors)}
            />
          </div>
          <button type="submit" disabled={cmd.busy}>
            Assign action
          </button>
        </form>
      )}
    </section>
  );
}

function CompleteAction({
  concernId,
  action,
  run,
  busy,
}: {
  concernId: string;
  action: Action;
  run: ReturnType<typeof useCommand>['run'];
  busy: boolean;
}) {
  const [note, setNote] = useState('');
  const noteId = `complete-note-${action.actionId}`;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => api.post(`/concerns/${concernId}/actions/${action.actionId}/complete`, { note: note.trim() }), 'Action completed.');
      }}
    >
      <label htmlFor={noteId}>Completion note for “{action.description}”</label>
      <input id={noteId} type="text" value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" className="button-secondary" disabled={busy}>
        Mark done
      </button>
    </form>
  );
}

function Addenda({
  id,
  history,
  name,
  reload,
  closed,
}: {
  id: string;
  history: HistoryEntry[];
  name: (id: string) => string;
  reload: () => void;
  closed: boolean;
}) {
  const cmd = useCommand(reload, 'concern');
  const [text, setText] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };
  const addenda = history.filter((e) => e.type === 'ConcernAddendumAdded');

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) {
      setLocal({ text: 'Write the information to add' });
      return;
    }
    setLocal({});
    if (await cmd.run(() => api.post(`/concerns/${id}/addenda`, { text: text.trim() }), 'Addendum added.')) setText('');
  }

  return (
    <section aria-labelledby="addenda-title" className="panel">
      <h2 id="addenda-title">Addenda</h2>
      {addenda.length === 0 ? (
        <p>No addenda.</p>
      ) : (
        <ul className="plain-list">
          {addenda.map((e, i) => (
            <li key={i}>
              <p className="narrative">{str(dataOf(e).text)}</p>
              <p className="muted">
                {name(actorOf(e))}, {formatDateTime(whenOf(e))}
              </p>
            </li>
          ))}
        </ul>
      )}
      {!closed && (
        <form onSubmit={submit} noValidate aria-label="Add an addendum">
          <ErrorSummary problem={cmd.problem} />
          <div className="field">
            <label htmlFor="field-text">Add information</label>
            <p className="hint" id="addendum-hint">
              Nothing recorded can be changed; new information is added below it.
            </p>
            <FieldError field="text" errors={errors} />
            <textarea
              id="field-text"
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
              {...describedBy('text', errors, 'addendum-hint')}
            />
          </div>
          <button type="submit" disabled={cmd.busy}>
            Add addendum
          </button>
        </form>
      )}
    </section>
  );
}

function Close({
  id,
  version,
  status,
  openActions,
  reload,
}: {
  id: string;
  version: number;
  status: string;
  openActions: Action[];
  reload: () => void;
}) {
  const cmd = useCommand(reload, 'concern');
  const [checked, setChecked] = useState(false);
  const [reasonCode, setReasonCode] = useState('');
  const [outcome, setOutcome] = useState('');
  const [rationale, setRationale] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const { rationale: serverRationale, ...serverFields } = cmd.problem?.fields ?? {};
  const errors: FieldErrors = { ...local, ...serverFields, ...(serverRationale ? { closeRationale: serverRationale } : {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!reasonCode) found.reasonCode = 'Choose a reason';
    if (!outcome.trim()) found.outcome = 'Record the outcome';
    if (!rationale.trim()) found.closeRationale = 'Record why the concern can be closed';
    if (status !== 'triaged') found.reasonCode = 'Record a triage decision before closing';
    if (!checked) found.closeChecked = 'Confirm the checks before closing';
    setLocal(found);
    if (Object.keys(found).length) return;
    await cmd.run(
      () => api.post(`/concerns/${id}/close`, { reasonCode, outcome: outcome.trim(), rationale: rationale.trim() }, { ifMatch: version }),
      'Concern closed.',
      { 'concern.close_requires_triage': 'reasonCode', 'concern.unknown_reason_code': 'reasonCode' },
    );
  }

  return (
    <section aria-labelledby="close-title" className="panel">
      <h2 id="close-title">Close the concern</h2>
      <div className="notice" id="close-checks">
        <h3>Before closing</h3>
        <ul>
          <li>{status === 'triaged' ? '✓ A triage decision is recorded.' : '✗ No triage decision yet: record one above first.'}</li>
          <li>
            {openActions.length === 0
              ? '✓ No actions are still open.'
              : `! ${openActions.length} action${openActions.length === 1 ? ' is' : 's are'} still open: ${openActions.map((a) => a.description).join('; ')}.`}
          </li>
          <li>The outcome and the reason are kept for good and shown in the pupil’s chronology.</li>
        </ul>
      </div>
      <ErrorSummary problem={cmd.problem} />
      <form onSubmit={submit} noValidate aria-labelledby="close-title">
        <fieldset className="field" id="field-reasonCode" aria-describedby={errors.reasonCode ? 'error-reasonCode' : undefined}>
          <legend>Reason</legend>
          <FieldError field="reasonCode" errors={errors} />
          <div className="button-group">
            {entries('closureReasons').map(([code, label]) => (
              <button key={code} type="button" className="toggle" aria-pressed={reasonCode === code} onClick={() => setReasonCode(code)}>
                {reasonCode === code ? '✓ ' : ''}
                {label}
              </button>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="field-outcome">Outcome</label>
          <FieldError field="outcome" errors={errors} />
          <input
            id="field-outcome"
            type="text"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            {...describedBy('outcome', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-closeRationale">Rationale for closing</label>
          <FieldError field="closeRationale" errors={errors} />
          <textarea
            id="field-closeRationale"
            rows={3}
            value={rationale}
            onChange={(e) => setRationale(e.target.value)}
            {...describedBy('closeRationale', errors)}
          />
        </div>
        <div className="field checkbox" id="field-closeChecked">
          <input id="close-checked" type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />
          <label htmlFor="close-checked">I have gone through the checks above and this concern can be closed</label>
          <FieldError field="closeChecked" errors={errors} />
        </div>
        <button type="submit" disabled={cmd.busy}>
          Close concern
        </button>
      </form>
    </section>
  );
}

/** After raising: the reference and the concern's current status. */
export function ConcernSubmittedPage({ id }: { id: string }) {
  const loaded = useLoad(async () => {
    try {
      return await api.get<ConcernListItem>(`/concerns/${encodeURIComponent(id)}`);
    } catch (err) {
      // Staff may only see the status of what they raised: fall back to their list.
      if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 403)) throw err;
      const mine = rowsOf<ConcernListItem>(await api.get<unknown>('/concerns'), 'concerns');
      return mine.find((c) => c.id === id) ?? { id, status: 'open' };
    }
  }, [id]);
  return (
    <Page title="Concern sent to the DSL">
      <div className="notice notice-ok" role="status">
        <p>Your concern has been recorded and the DSL has been alerted.</p>
        <p>
          Reference: <code data-testid="concern-reference">{id}</code>
        </p>
      </div>
      <LoadState loaded={loaded} what="concern status" />
      {loaded.data && (
        <p>
          Status: <Badge tone={statusTone(loaded.data.status)}>{label('concernStatuses', loaded.data.status)}</Badge>
        </p>
      )}
      <p>If a child is in immediate danger, find the DSL in person now or call 999.</p>
      <ul className="inline-list">
        <li>
          <a href={href('/concerns')}>My concerns</a>
        </li>
        <li>
          <a href={href(`/concerns/${id}`)}>View this concern</a>
        </li>
        <li>
          <a href={href('/concerns/new')}>Raise another concern</a>
        </li>
      </ul>
    </Page>
  );
}
