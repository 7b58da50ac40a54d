import { useState, type FormEvent } from 'react';
import { PrintRecordButton } from '../components/print.js';
import { api, ApiError, pupilName, type HistoryEntry, type StaffSummary } from '../session/api.js';
import { StaffSelect, useStaff } from '../components/pickers.js';
import { Badge, describedBy, ErrorSummary, FieldError, LoadState, Page, useCommand, useLoad, type FieldErrors } from '../components/ui.js';
import { href } from '../app/router.js';
import { hasRole, useSession } from '../session/session.js';
import { canAudit } from '../app/screens.js';
import { formatDate, formatDateTime, localInputToIso, todayIso, toLocalInput } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';
import { statusTone, urgencyTone, type ConcernListItem } from './Concerns.js';
import { InformationSharing, Referrals, Reopen, type Referral, type SharingDecision } from './AfterTriage.js';
import { Attachments } from '../attachments/Attachments.js';

interface AdultView {
  staffId?: string;
  name: string;
  roleDescription?: string;
  jobRole?: string;
}

interface ConcernView extends ConcernListItem {
  version: number;
  adult?: AdultView | null;
  lowLevel?: boolean;
  selfReport?: boolean;
  routedTo?: string;
  /** Present only in the view of those who handle the concern (and auditors). */
  acknowledgement?: unknown;
  ladoReferral?: { referredAt: string; officer: string; reference: string | null; advice: string } | null;
  allegationOutcome?: { outcome: string; decidedAt: string; rationale: string } | null;
  referrals?: Referral[];
  informationSharing?: SharingDecision[];
  categoryLabels?: string[] | null;
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
    case 'LadoReferralRecorded':
      return `Referred to the LADO (${str(d.officer)}${d.reference ? `, reference ${str(d.reference)}` : ''}). Advice: ${str(d.advice)}`;
    case 'AllegationOutcomeRecorded':
      return `Outcome: ${label('allegationOutcomes', str(d.outcome))}. ${str(d.rationale)}`;
    case 'ConcernClosed': {
      if (!d.reasonCode) return 'The DSL closed the concern.';
      const override = d.override as { reason?: string } | null | undefined;
      return `${label('closureReasons', str(d.reasonCode))}. Outcome: ${str(d.outcome).replace(/\.$/, '')}. Rationale: ${str(d.rationale)}${override?.reason ? `. Closed despite the checks: ${override.reason}` : ''}`;
    }
    case 'ConcernReopened':
      return d.reason ? `Reason: ${str(d.reason)}` : 'The DSL reopened the concern.';
    case 'ReferralMade':
      return `${label('referralAgencies', str(d.agency))}${d.reference ? `, reference ${str(d.reference)}` : ''}`;
    case 'ReferralFollowedUp':
      return str(d.note);
    case 'ReferralResponseRecorded':
      return `${label('referralAgencies', str(d.agency))}: ${label('referralOutcomes', str(d.outcome))}. ${str(d.note)}`;
    case 'InformationShared':
      return `${str(d.what)} with ${str(d.sharedWith)} (${label('consentBases', str(d.consent))})`;
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
  const loaded = useLoad(() => api.get<ConcernView>(`/concerns/${encodeURIComponent(id)}`), [id]);
  const staff = useStaff();
  const people = staff.data ?? [];
  const name = (staffId: string) => people.find((s) => s.id === staffId)?.name ?? (staffId || 'someone');
  const concern = loaded.data;
  // The server sends the whole concern only to those who handle it (and to auditors, who only read).
  const lead = !!concern && concern.acknowledgement !== undefined && !hasRole(user, 'trust_auditor');
  const allegation = !!concern?.adult && concern.lowLevel === false;

  return (
    <Page title="Concern">
      <LoadState loaded={loaded} what="concern" />
      {concern && (
        <>
          <Summary concern={concern} name={name} />
          <p className="actions no-print">
            <PrintRecordButton path={`/concerns/${encodeURIComponent(id)}`} filename={`concern-${id}.pdf`} what="concern" />
          </p>
          {lead && concern.status !== 'closed' && (
            <>
              {concern.status === 'open' && <Acknowledge id={id} reload={loaded.reload} />}
              <Triage id={id} version={concern.version} reload={loaded.reload} />
              <Actions id={id} actions={actionsOf(historyOf(concern))} staff={people} name={name} reload={loaded.reload} />
            </>
          )}
          {allegation && concern.acknowledgement !== undefined && (
            <AllegationSteps id={id} concern={concern} handles={lead} reload={loaded.reload} />
          )}
          {concern.referrals && (
            <Referrals id={id} referrals={concern.referrals} handles={lead} closed={concern.status === 'closed'} reload={loaded.reload} />
          )}
          {concern.informationSharing && (
            <InformationSharing id={id} decisions={concern.informationSharing} handles={lead} reload={loaded.reload} />
          )}
          {!lead && actionsOf(historyOf(concern)).length > 0 && (
            <Actions id={id} actions={actionsOf(historyOf(concern))} staff={people} name={name} reload={loaded.reload} readOnly />
          )}
          {/* The file stays open to information: a closed concern still takes addenda. */}
          <Addenda id={id} history={historyOf(concern)} name={name} reload={loaded.reload} readOnly={hasRole(user, 'trust_auditor')} />
          {/* Whoever may add an addendum may attach a file (auditors only read). */}
          <Attachments recordType="concern" recordId={id} canAdd={!hasRole(user, 'trust_auditor')} name={name} />
          {lead && concern.status !== 'closed' && (
            <Close
              id={id}
              version={concern.version}
              status={concern.status}
              openActions={actionsOf(historyOf(concern)).filter((a) => !a.completed)}
              unanswered={(concern.referrals ?? []).filter((r) => !r.response).length}
              reload={loaded.reload}
            />
          )}
          {lead && concern.status === 'closed' && <Reopen id={id} reload={loaded.reload} />}
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

function Summary({ concern, name }: { concern: ConcernView; name: (staffId: string) => string }) {
  const adult = concern.adult;
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{concern.summary || 'Summary'}</h2>
      <dl className="facts">
        {adult && (
          <>
            <dt>About</dt>
            <dd>
              {adult.name || 'An adult'}
              {adult.jobRole ? ` (${label('jobRoles', adult.jobRole)})` : adult.roleDescription ? ` (${adult.roleDescription})` : ''}
              {concern.selfReport ? ' — a self-report' : ''}
            </dd>
            <dt>Kind</dt>
            <dd>{concern.lowLevel ? 'Low-level concern' : 'Allegation: may meet the harm threshold'}</dd>
            {concern.routedTo && (
              <>
                <dt>Handled by</dt>
                <dd>{label('concernRoutes', concern.routedTo)}</dd>
              </>
            )}
          </>
        )}
        <dt>Status</dt>
        <dd>
          <Badge tone={statusTone(concern.status)}>
            {adult && concern.status === 'open' ? 'Open — waiting for the case manager' : label('concernStatuses', concern.status)}
          </Badge>
        </dd>
        {concern.urgency && (
          <>
            <dt>Urgency</dt>
            <dd>
              <Badge tone={urgencyTone(concern.urgency)}>{label('urgencies', concern.urgency)}</Badge>
            </dd>
          </>
        )}
        {(concern.pupils ?? concern.pupilIds ?? []).length > 0 && (
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
        {concern.raisedBy && (
          <>
            <dt>Raised by</dt>
            <dd>{name(concern.raisedBy)}</dd>
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

/** KCSIE part four: the case manager's referral to the LADO within one working day, the advice, and the outcome. */
function AllegationSteps({ id, concern, handles, reload }: { id: string; concern: ConcernView; handles: boolean; reload: () => void }) {
  const referral = concern.ladoReferral;
  const outcome = concern.allegationOutcome;
  return (
    <section aria-labelledby="lado-title" className="panel">
      <h2 id="lado-title">Referral to the LADO and the outcome</h2>
      {referral ? (
        <dl className="facts">
          <dt>Referred</dt>
          <dd>
            {formatDateTime(referral.referredAt)} to {referral.officer}
            {referral.reference ? ` (reference ${referral.reference})` : ''}
          </dd>
          <dt>Advice</dt>
          <dd className="narrative">{referral.advice}</dd>
        </dl>
      ) : (
        <p>
          An allegation that may meet the harm threshold is referred to the local authority designated officer (LADO) within one working
          day.
        </p>
      )}
      {handles && !referral && concern.status !== 'closed' && <LadoReferralForm id={id} reload={reload} />}
      {outcome && (
        <dl className="facts">
          <dt>Outcome</dt>
          <dd>
            {label('allegationOutcomes', outcome.outcome)}, decided {formatDateTime(outcome.decidedAt)}
          </dd>
          <dt>Why</dt>
          <dd className="narrative">{outcome.rationale}</dd>
        </dl>
      )}
      {handles && referral && !outcome && concern.status !== 'closed' && <OutcomeForm id={id} reload={reload} />}
    </section>
  );
}

function LadoReferralForm({ id, reload }: { id: string; reload: () => void }) {
  const cmd = useCommand(reload, 'concern');
  const [referredAt, setReferredAt] = useState(toLocalInput());
  const [officer, setOfficer] = useState('');
  const [reference, setReference] = useState('');
  const [advice, setAdvice] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    const when = localInputToIso(referredAt);
    if (!when) found.referredAt = 'Enter when the LADO was contacted';
    if (!officer.trim()) found.officer = 'Name the designated officer';
    if (!advice.trim()) found.advice = 'Record the advice given';
    setLocal(found);
    if (Object.keys(found).length) return;
    await cmd.run(
      () =>
        api.post(`/concerns/${id}/lado-referral`, {
          referredAt: when,
          officer: officer.trim(),
          advice: advice.trim(),
          ...(reference.trim() ? { reference: reference.trim() } : {}),
        }),
      'Referral to the LADO recorded.',
      { 'concern.lado_officer_required': 'officer', 'concern.lado_advice_required': 'advice', 'concern.referred_in_future': 'referredAt' },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Record the referral to the LADO">
      <ErrorSummary problem={cmd.problem} />
      <div className="field">
        <label htmlFor="field-referredAt">When the LADO was contacted</label>
        <FieldError field="referredAt" errors={errors} />
        <input
          id="field-referredAt"
          type="datetime-local"
          value={referredAt}
          max={toLocalInput()}
          onChange={(e) => setReferredAt(e.target.value)}
          {...describedBy('referredAt', errors)}
        />
      </div>
      <div className="field">
        <label htmlFor="field-officer">Designated officer spoken to</label>
        <FieldError field="officer" errors={errors} />
        <input
          id="field-officer"
          type="text"
          maxLength={200}
          value={officer}
          onChange={(e) => setOfficer(e.target.value)}
          {...describedBy('officer', errors)}
        />
      </div>
      <div className="field">
        <label htmlFor="field-reference">The LADO’s reference (optional)</label>
        <input id="field-reference" type="text" maxLength={200} value={reference} onChange={(e) => setReference(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="field-advice">The advice given</label>
        <FieldError field="advice" errors={errors} />
        <textarea
          id="field-advice"
          rows={4}
          value={advice}
          onChange={(e) => setAdvice(e.target.value)}
          {...describedBy('advice', errors)}
        />
      </div>
      <button type="submit" disabled={cmd.busy}>
        Record the referral
      </button>
    </form>
  );
}

function OutcomeForm({ id, reload }: { id: string; reload: () => void }) {
  const cmd = useCommand(reload, 'concern');
  const [outcome, setOutcome] = useState('');
  const [decidedAt, setDecidedAt] = useState(toLocalInput());
  const [rationale, setRationale] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    const when = localInputToIso(decidedAt);
    if (!outcome) found.outcome = 'Choose the outcome';
    if (!when) found.decidedAt = 'Enter when it was decided';
    if (!rationale.trim()) found.outcomeRationale = 'Record why';
    setLocal(found);
    if (Object.keys(found).length) return;
    await cmd.run(
      () => api.post(`/concerns/${id}/allegation-outcome`, { outcome, decidedAt: when, rationale: rationale.trim() }),
      'Outcome recorded.',
      { 'concern.decided_in_future': 'decidedAt' },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Record the outcome of the allegation">
      <ErrorSummary problem={cmd.problem} />
      <fieldset className="field" id="field-outcome" aria-describedby={errors.outcome ? 'error-outcome' : undefined}>
        <legend>Outcome of the allegation</legend>
        <FieldError field="outcome" errors={errors} />
        {entries('allegationOutcomes').map(([code, text]) => (
          <div className="radio" key={code}>
            <input
              type="radio"
              name="outcome"
              id={`outcome-${code}`}
              checked={outcome === code}
              onChange={() => setOutcome(code)}
              aria-describedby={`outcome-${code}-hint`}
            />
            <label htmlFor={`outcome-${code}`}>{text}</label>
            <p className="hint" id={`outcome-${code}-hint`}>
              {label('allegationOutcomeHints', code)}
            </p>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="field-decidedAt">When it was decided</label>
        <FieldError field="decidedAt" errors={errors} />
        <input
          id="field-decidedAt"
          type="datetime-local"
          value={decidedAt}
          max={toLocalInput()}
          onChange={(e) => setDecidedAt(e.target.value)}
          {...describedBy('decidedAt', errors)}
        />
      </div>
      <div className="field">
        <label htmlFor="field-outcomeRationale">Why</label>
        <FieldError field="outcomeRationale" errors={errors} />
        <textarea
          id="field-outcomeRationale"
          rows={4}
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
          {...describedBy('outcomeRationale', errors)}
        />
      </div>
      <button type="submit" disabled={cmd.busy}>
        Record the outcome
      </button>
    </form>
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
  readOnly,
}: {
  id: string;
  history: HistoryEntry[];
  name: (id: string) => string;
  reload: () => void;
  readOnly: boolean;
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
      {!readOnly && (
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
  unanswered,
  reload,
}: {
  id: string;
  version: number;
  status: string;
  openActions: Action[];
  unanswered: number;
  reload: () => void;
}) {
  const cmd = useCommand(reload, 'concern');
  const [checked, setChecked] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
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
      () =>
        api.post(
          `/concerns/${id}/close`,
          {
            reasonCode,
            outcome: outcome.trim(),
            rationale: rationale.trim(),
            ...(overrideReason.trim() ? { overrideReason: overrideReason.trim() } : {}),
          },
          { ifMatch: version },
        ),
      'Concern closed.',
      {
        'concern.close_requires_triage': 'reasonCode',
        'concern.unknown_reason_code': 'reasonCode',
        'concern.close_open_actions': 'overrideReason',
        'concern.close_unanswered_referral': 'overrideReason',
        'concern.close_contradicts_triage': 'overrideReason',
      },
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
          <li>
            {unanswered === 0
              ? '✓ Every referral has a response.'
              : `! ${unanswered} referral${unanswered === 1 ? ' has' : 's have'} no response recorded.`}
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
        <div className="field">
          <label htmlFor="field-overrideReason">Closing despite a warning? Say why (optional)</label>
          <p className="hint" id="override-hint">
            Needed when actions are still open, a referral has no response, or the reason does not match the triage decision.
          </p>
          <FieldError field="overrideReason" errors={errors} />
          <textarea
            id="field-overrideReason"
            rows={2}
            value={overrideReason}
            onChange={(e) => setOverrideReason(e.target.value)}
            {...describedBy('overrideReason', errors, 'override-hint')}
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
      const mine = await api.list<ConcernListItem>('/concerns', undefined, 'concerns');
      return mine.find((c) => c.id === id) ?? { id, status: 'open' };
    }
  }, [id]);
  // A concern about an adult goes to its case manager, never to the DSL (who may be the adult concerned).
  const aboutAdult = !!(loaded.data as { aboutAdult?: unknown } | undefined)?.aboutAdult;
  return (
    <Page title={aboutAdult ? 'Concern sent' : 'Concern sent to the DSL'}>
      <div className="notice notice-ok" role="status">
        <p>
          {aboutAdult
            ? 'Your concern has been recorded and sent to the headteacher (to the trust’s safeguarding lead if it is about the headteacher). The person it is about is not told.'
            : 'Your concern has been recorded and the DSL has been alerted.'}
        </p>
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
