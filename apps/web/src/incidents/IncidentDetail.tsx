import { useEffect, useState, type FormEvent } from 'react';
import { api, type HistoryEntry } from '../session/api.js';
import { knownPupilName, StaffSelect, useStaff } from '../components/pickers.js';
import { describedBy, ErrorSummary, FieldError, LoadState, Page, useCommand, useLoad, type FieldErrors } from '../components/ui.js';
import { href, useRoute } from '../app/router.js';
import { hasRole, isSchoolStaff, useSession } from '../session/session.js';
import { canAudit } from '../app/screens.js';
import { formatDateTime, localInputToIso, toLocalInput } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';
import { Attachments } from '../attachments/Attachments.js';

interface IncidentRecord {
  pupilId?: string;
  pupilName?: string;
  occurredAt?: string;
  endedAt?: string;
  durationMinutes?: number;
  location?: string;
  staffInvolved?: { staffId?: string; name?: string; roleDescription?: string; holds: string[]; justification?: string }[];
  antecedents?: string;
  deEscalation?: string[];
  interventionType?: string;
  /** v1 records: the force type as recorded, and the two free-text injuries. */
  forceType?: string;
  reason?: string;
  injuries?: {
    person: string;
    staffId?: string;
    description: string;
    bodyMap?: string[];
    firstAidGiven: boolean;
    medicalAttention: boolean;
    riddorReportable: boolean;
  }[];
  pupilInjury?: string;
  staffInjury?: string;
  aftercare?: string;
  witnesses?: string[];
  recordedAt?: string;
}

interface IncidentView extends IncidentRecord {
  id: string;
  version?: number;
  record?: IncidentRecord;
  pupil?: { id: string; name: string };
  history?: HistoryEntry[];
  events?: HistoryEntry[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

function followUpText(e: HistoryEntry, name: (id: string) => string): string {
  const d = e.data ?? {};
  switch (e.type) {
    case 'ParentNotified': {
      const who = d.parentName ? ` ${str(d.parentName)} (${label('parentRelationships', str(d.relationship))})` : '';
      const copy = d.recordCopySentAt ? ` A copy of the record was sent ${formatDateTime(str(d.recordCopySentAt))}.` : '';
      const shared = d.summaryShared ? ` Told: ${str(d.summaryShared)}.` : '';
      return `${label('parentNotificationMethods', str(d.method))} at ${formatDateTime(str(d.notifiedAt))} by ${name(str(d.notifiedBy))}${who ? ` to${who}` : ''}.${shared}${copy}`;
    }
    case 'ParentNotificationExempted':
      // An exemption is never shown as "notified": who decided it (DSL or head) and why.
      return `Parents not told${d.decidedAs ? ` — decided by the ${label('roles', str(d.decidedAs))}` : ''}: telling them would put the child at risk. Reason: ${str(d.reason)}`;
    case 'DebriefHeld':
      return `${d.kind === 'pupil' ? 'Pupil' : 'Staff'} debrief at ${formatDateTime(str(d.heldAt))}. ${str(d.notes)}`;
    case 'IncidentReviewed':
      return str(d.notes);
    case 'IncidentCorrected':
      return `${str(d.field)} corrected. Reason: ${str(d.reason)}`;
    default:
      return '';
  }
}

export function IncidentPage({ id }: { id: string }) {
  const user = useSession()?.user;
  const query = useRoute().query;
  const justRecorded = query.get('recorded') === '1';
  const pupilInjured = query.get('injured') === '1';
  const loaded = useLoad(() => api.get<IncidentView>(`/incidents/${encodeURIComponent(id)}`), [id]);
  const staff = useStaff();
  const people = staff.data ?? [];
  const name = (staffId: string) => people.find((s) => s.id === staffId)?.name ?? staffId;
  const incident = loaded.data;
  const r: IncidentRecord = incident ? { ...incident, ...(incident.record ?? {}) } : {};
  const history = incident?.history ?? incident?.events ?? [];
  const pupil = useLoad(
    () => (r.pupilId ? api.get<{ fullName: string }>(`/pupils/${encodeURIComponent(r.pupilId)}`) : Promise.resolve(undefined)),
    [r.pupilId],
  );
  const pupilName = pupil.data?.fullName ?? (r.pupilId ? knownPupilName(r.pupilId) : undefined);
  const notified = history.some((e) => e.type === 'ParentNotified' || e.type === 'ParentNotificationExempted');
  const debriefed = history.filter((e) => e.type === 'DebriefHeld').map((e) => String((e.data ?? {}).kind));
  const canWrite = isSchoolStaff(user);

  return (
    <Page title="Restraint incident">
      {justRecorded && (
        <div className="notice notice-ok" role="status">
          <p>The incident has been recorded. Now record the parent notification and debriefs below.</p>
        </div>
      )}
      {pupilInjured && (
        <div className="notice" role="note" data-testid="suggest-concern">
          <p>
            You recorded an injury to the pupil. If how it happened, or the mark itself, worries you,{' '}
            <a href={href('/concerns/new')}>raise a safeguarding concern</a>.
          </p>
        </div>
      )}
      <LoadState loaded={loaded} what="incident" />
      {incident && (
        <>
          <dl className="facts">
            <dt>Pupil</dt>
            <dd>{r.pupilId ? <a href={href(`/pupils/${r.pupilId}/chronology`)}>{pupilName ?? 'View chronology'}</a> : '—'}</dd>
            <dt>When</dt>
            <dd>
              {formatDateTime(r.occurredAt)} to {formatDateTime(r.endedAt)}
              {r.durationMinutes !== undefined && ` (${r.durationMinutes} minutes)`}
            </dd>
            <dt>Where</dt>
            <dd>{r.location ?? '—'}</dd>
            <dt>Type of intervention</dt>
            <dd>
              {r.interventionType ? label('interventionTypes', r.interventionType) : '—'}
              {r.forceType && ` (recorded as ${label('forceTypes', r.forceType).toLowerCase()})`}
            </dd>
            <dt>Staff involved</dt>
            <dd>
              <ul className="plain-list">
                {(r.staffInvolved ?? []).map((s, i) => (
                  <li key={s.staffId ?? `named-${i}`}>
                    {s.staffId ? name(s.staffId) : `${s.name ?? ''} (${s.roleDescription ?? 'not on the staff list'})`}
                    {s.holds.length > 0 && `: ${s.holds.map((h) => label('holds', h)).join(', ')}`}
                    {s.justification && <span className="muted"> — {s.justification}</span>}
                  </li>
                ))}
              </ul>
            </dd>
            <dt>What happened before</dt>
            <dd className="narrative">{r.antecedents ?? '—'}</dd>
            <dt>De-escalation</dt>
            <dd>{(r.deEscalation ?? []).map((x) => label('deEscalation', x)).join(', ') || '—'}</dd>
            <dt>Reason</dt>
            <dd>{r.reason ? label('incidentReasons', r.reason) : '—'}</dd>
            <dt>Injuries</dt>
            <dd>
              {(r.injuries ?? []).length === 0 && r.pupilInjury === undefined && 'None'}
              <ul className="plain-list">
                {(r.injuries ?? []).map((i, n) => (
                  <li key={n}>
                    {i.person === 'staff' && i.staffId ? name(i.staffId) : label('injuredPersons', i.person)}: {i.description}
                    {(i.bodyMap ?? []).length > 0 && ` (${(i.bodyMap ?? []).map((c) => label('bodyMapRegions', c)).join(', ')})`}.{' '}
                    {[
                      i.firstAidGiven && 'First aid given',
                      i.medicalAttention && 'medical attention',
                      i.riddorReportable && 'RIDDOR reportable',
                    ]
                      .filter(Boolean)
                      .join('; ')}
                  </li>
                ))}
                {r.pupilInjury !== undefined && <li>Pupil (as recorded): {r.pupilInjury}</li>}
                {r.staffInjury !== undefined && <li>Staff (as recorded): {r.staffInjury}</li>}
              </ul>
            </dd>
            <dt>Aftercare</dt>
            <dd>{r.aftercare ?? '—'}</dd>
            <dt>Witnesses</dt>
            <dd>{(r.witnesses ?? []).map(name).join(', ') || 'None'}</dd>
          </dl>

          <section aria-labelledby="followups-title">
            <h2 id="followups-title">Follow-up</h2>
            {history.filter((e) => e.type !== 'IncidentRecorded').length === 0 ? (
              <p>Nothing recorded yet: the parent must be told on the day, and debriefs held within 2 school days.</p>
            ) : (
              <ol className="history">
                {history
                  .filter((e) => e.type !== 'IncidentRecorded')
                  .map((e, i) => (
                    <li key={i}>
                      <p>
                        <strong>{label('incidentEvents', e.type)}</strong> — recorded {formatDateTime(e.recordedAt ?? e.occurredAt)}
                      </p>
                      <p>{followUpText(e, name)}</p>
                    </li>
                  ))}
              </ol>
            )}
          </section>

          <Attachments recordType="incident" recordId={id} canAdd={canWrite} name={name} />

          {user && canAudit(user) && (
            <p>
              <a href={href(`/audit/views?subject=${id}`)}>Who viewed this record</a>
            </p>
          )}
          {canWrite && (
            <>
              {!notified && (
                <ParentNotification
                  id={id}
                  reload={loaded.reload}
                  staff={people}
                  me={user?.id ?? ''}
                  mayExempt={hasRole(user, 'dsl', 'headteacher')}
                />
              )}
              {debriefed.length < 2 && <Debrief id={id} reload={loaded.reload} done={debriefed} />}
              {hasRole(user, 'dsl', 'headteacher') && <Review id={id} reload={loaded.reload} />}
            </>
          )}
        </>
      )}
    </Page>
  );
}

function ParentNotification({
  id,
  reload,
  staff,
  me,
  mayExempt,
}: {
  id: string;
  reload: () => void;
  staff: { id: string; name: string }[];
  me: string;
  /** Only the DSL or the headteacher may decide parents are not told; nobody else is offered it. */
  mayExempt: boolean;
}) {
  const cmd = useCommand(reload, 'incident');
  // Nothing chosen for them: the record says what was done, never a default nobody checked.
  const [told, setTold] = useState<boolean | null>(mayExempt ? null : true);
  const [notifiedAt, setNotifiedAt] = useState('');
  const [method, setMethod] = useState('');
  const [notifiedBy, setNotifiedBy] = useState(me);
  const [parentName, setParentName] = useState('');
  const [relationship, setRelationship] = useState('');
  const [summaryShared, setSummaryShared] = useState('');
  const [recordCopySentAt, setRecordCopySentAt] = useState('');
  const [reason, setReason] = useState('');
  const [significantHarmRisk, setSignificantHarmRisk] = useState(false);
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (told === null) found.told = 'Say whether the parent or carer was told';
    if (told) {
      if (!localInputToIso(notifiedAt)) found.notifiedAt = 'Enter when the parent was told';
      if (!method) found.method = 'Choose how they were told';
      if (!notifiedBy) found.notifiedBy = 'Choose who told the parent';
      if (!parentName.trim()) found.parentName = 'Name the parent or carer told';
      if (!relationship) found.relationship = 'Choose their relationship to the pupil';
      if (!summaryShared.trim()) found.summaryShared = 'Say what they were told';
    } else if (told === false) {
      if (!reason.trim()) found.reason = 'Say why telling them would put the child at risk';
      if (!significantHarmRisk)
        found.significantHarmRisk = 'Parents may only not be told when telling them would put the child at risk of significant harm';
    }
    setLocal(found);
    if (Object.keys(found).length) return;
    if (told) {
      const body = {
        notifiedAt: localInputToIso(notifiedAt),
        method,
        notifiedBy,
        parentName: parentName.trim(),
        relationship,
        summaryShared: summaryShared.trim(),
        ...(localInputToIso(recordCopySentAt) ? { recordCopySentAt: localInputToIso(recordCopySentAt) } : {}),
      };
      await cmd.run(() => api.post(`/incidents/${id}/parent-notification`, body), 'Parent notification recorded.', {
        'incident.notified_before_incident': 'notifiedAt',
        'incident.notified_in_future': 'notifiedAt',
        'incident.record_copy_time': 'recordCopySentAt',
      });
    } else {
      await cmd.run(
        () => api.post(`/incidents/${id}/parent-notification-exemption`, { reason: reason.trim(), significantHarmRisk: true }),
        'Decision recorded: parents are not told.',
      );
    }
  }

  const text = (field: string, labelText: string, value: string, onChange: (v: string) => void, type = 'text') => (
    <div className="field">
      <label htmlFor={`field-${field}`}>{labelText}</label>
      <FieldError field={field} errors={errors} />
      <input id={`field-${field}`} type={type} value={value} onChange={(e) => onChange(e.target.value)} {...describedBy(field, errors)} />
    </div>
  );

  return (
    <section aria-labelledby="parent-title" className="panel">
      <h2 id="parent-title">Parent notification</h2>
      <ErrorSummary problem={cmd.problem} />
      <form onSubmit={submit} noValidate aria-labelledby="parent-title">
        {mayExempt && (
          <fieldset className="field" id="field-told" aria-describedby={errors.told ? 'error-told' : undefined}>
            <legend>Was the parent or carer told?</legend>
            <FieldError field="told" errors={errors} />
            <div className="radio">
              <input type="radio" id="parent-told" name="parent-told" checked={told === true} onChange={() => setTold(true)} />
              <label htmlFor="parent-told">Yes, they were told</label>
            </div>
            <div className="radio">
              <input type="radio" id="parent-exempt" name="parent-told" checked={told === false} onChange={() => setTold(false)} />
              <label htmlFor="parent-exempt">No — I decide they are not told: it would put the child at risk of significant harm</label>
            </div>
          </fieldset>
        )}
        {told === null ? null : told ? (
          <>
            {text('notifiedAt', 'When were they told?', notifiedAt, setNotifiedAt, 'datetime-local')}
            <div className="field">
              <label htmlFor="field-method">How?</label>
              <FieldError field="method" errors={errors} />
              <select id="field-method" value={method} onChange={(e) => setMethod(e.target.value)} {...describedBy('method', errors)}>
                <option value="">Choose</option>
                {entries('parentNotificationMethods').map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div id="field-notifiedBy">
              <StaffSelect
                id="notified-by"
                label="Who told them?"
                value={notifiedBy}
                onChange={setNotifiedBy}
                staff={staff}
                errors={errors}
                field="notifiedBy"
              />
            </div>
            {text('parentName', 'Which parent or carer?', parentName, setParentName)}
            <div className="field">
              <label htmlFor="field-relationship">Their relationship to the pupil</label>
              <FieldError field="relationship" errors={errors} />
              <select
                id="field-relationship"
                value={relationship}
                onChange={(e) => setRelationship(e.target.value)}
                {...describedBy('relationship', errors)}
              >
                <option value="">Choose</option>
                {entries('parentRelationships').map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="field-summaryShared">What were they told?</label>
              <FieldError field="summaryShared" errors={errors} />
              <textarea
                id="field-summaryShared"
                rows={3}
                value={summaryShared}
                onChange={(e) => setSummaryShared(e.target.value)}
                {...describedBy('summaryShared', errors)}
              />
            </div>
            {text(
              'recordCopySentAt',
              'When was a copy of the record sent to them? (optional)',
              recordCopySentAt,
              setRecordCopySentAt,
              'datetime-local',
            )}
          </>
        ) : (
          <>
            <div className="field">
              <label htmlFor="field-reason">Why would telling them put the child at risk of significant harm?</label>
              <FieldError field="reason" errors={errors} />
              <textarea
                id="field-reason"
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                {...describedBy('reason', errors)}
              />
            </div>
            <div className="checkbox" id="field-significantHarmRisk">
              <input
                type="checkbox"
                id="significant-harm"
                checked={significantHarmRisk}
                onChange={(e) => setSignificantHarmRisk(e.target.checked)}
                {...describedBy('significantHarmRisk', errors)}
              />
              <label htmlFor="significant-harm">Telling the parents would put the child at risk of significant harm</label>
            </div>
            <FieldError field="significantHarmRisk" errors={errors} />
          </>
        )}
        <button type="submit" disabled={cmd.busy}>
          {told === false ? 'Record the decision not to tell parents' : 'Record parent notification'}
        </button>
      </form>
    </section>
  );
}

function Debrief({ id, reload, done }: { id: string; reload: () => void; done: string[] }) {
  const cmd = useCommand(reload, 'incident');
  const [kind, setKind] = useState<'pupil' | 'staff'>(done.includes('pupil') ? 'staff' : 'pupil');
  // Once one debrief is recorded, the other is the one left to record.
  useEffect(() => {
    if (done.includes(kind)) setKind(kind === 'pupil' ? 'staff' : 'pupil');
  }, [done, kind]);
  const [heldAt, setHeldAt] = useState(toLocalInput());
  const [notes, setNotes] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!localInputToIso(heldAt)) found.heldAt = 'Enter when the debrief was held';
    if (!notes.trim()) found.notes = 'Record what was said';
    setLocal(found);
    if (Object.keys(found).length) return;
    const ok = await cmd.run(
      () => api.post(`/incidents/${id}/debriefs`, { kind, heldAt: localInputToIso(heldAt), notes: notes.trim() }),
      `${kind === 'pupil' ? 'Pupil' : 'Staff'} debrief recorded.`,
      { 'incident.debrief_before_incident': 'heldAt', 'incident.debrief_in_future': 'heldAt', 'incident.debrief_exists': 'kind' },
    );
    if (ok) setNotes('');
  }

  return (
    <section aria-labelledby="debrief-title" className="panel">
      <h2 id="debrief-title">Debrief</h2>
      <ErrorSummary problem={cmd.problem} />
      <form onSubmit={submit} noValidate aria-labelledby="debrief-title">
        <fieldset className="field" id="field-kind">
          <legend>Who was debriefed?</legend>
          <FieldError field="kind" errors={errors} />
          {!done.includes('pupil') && (
            <div className="radio">
              <input type="radio" id="debrief-pupil" name="debrief-kind" checked={kind === 'pupil'} onChange={() => setKind('pupil')} />
              <label htmlFor="debrief-pupil">The pupil</label>
            </div>
          )}
          {!done.includes('staff') && (
            <div className="radio">
              <input type="radio" id="debrief-staff" name="debrief-kind" checked={kind === 'staff'} onChange={() => setKind('staff')} />
              <label htmlFor="debrief-staff">The staff involved</label>
            </div>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor="field-heldAt">When was it held?</label>
          <FieldError field="heldAt" errors={errors} />
          <input
            id="field-heldAt"
            type="datetime-local"
            value={heldAt}
            onChange={(e) => setHeldAt(e.target.value)}
            {...describedBy('heldAt', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-notes">Debrief notes</label>
          <FieldError field="notes" errors={errors} />
          <textarea id="field-notes" rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} {...describedBy('notes', errors)} />
        </div>
        <button type="submit" disabled={cmd.busy}>
          Record debrief
        </button>
      </form>
    </section>
  );
}

function Review({ id, reload }: { id: string; reload: () => void }) {
  const cmd = useCommand(reload, 'incident');
  const [notes, setNotes] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!notes.trim()) {
      setLocal({ reviewNotes: 'Record the review' });
      return;
    }
    setLocal({});
    if (await cmd.run(() => api.post(`/incidents/${id}/review`, { notes: notes.trim() }), 'Senior review recorded.')) setNotes('');
  }

  return (
    <section aria-labelledby="review-title" className="panel">
      <h2 id="review-title">Senior review</h2>
      <ErrorSummary problem={cmd.problem} />
      <form onSubmit={submit} noValidate aria-labelledby="review-title">
        <div className="field">
          <label htmlFor="field-reviewNotes">Review notes</label>
          <p className="hint" id="review-hint">
            Was the intervention necessary, reasonable and proportionate? What changes to the pupil’s plan?
          </p>
          <FieldError field="reviewNotes" errors={errors} />
          <textarea
            id="field-reviewNotes"
            rows={4}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            {...describedBy('reviewNotes', errors, 'review-hint')}
          />
        </div>
        <button type="submit" disabled={cmd.busy}>
          Record review
        </button>
      </form>
    </section>
  );
}
