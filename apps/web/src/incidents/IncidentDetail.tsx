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
  staffInvolved?: { staffId: string; name?: string; holds: string[] }[];
  antecedents?: string;
  deEscalation?: string[];
  forceType?: string;
  reason?: string;
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
    case 'ParentNotified':
      return `${label('parentNotificationMethods', str(d.method))} at ${formatDateTime(str(d.notifiedAt))} by ${name(str(d.notifiedBy))}`;
    case 'ParentNotificationExempted':
      return `Reason: ${str(d.reason)}`;
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
  const justRecorded = useRoute().query.get('recorded') === '1';
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
            <dt>Staff and holds</dt>
            <dd>
              <ul className="plain-list">
                {(r.staffInvolved ?? []).map((s) => (
                  <li key={s.staffId}>
                    {s.name ?? name(s.staffId)}: {s.holds.map((h) => label('holds', h)).join(', ')}
                  </li>
                ))}
              </ul>
            </dd>
            <dt>What happened before</dt>
            <dd className="narrative">{r.antecedents ?? '—'}</dd>
            <dt>De-escalation</dt>
            <dd>{(r.deEscalation ?? []).map((x) => label('deEscalation', x)).join(', ') || '—'}</dd>
            <dt>Force</dt>
            <dd>{r.forceType ? label('forceTypes', r.forceType) : '—'}</dd>
            <dt>Reason</dt>
            <dd>{r.reason ? label('incidentReasons', r.reason) : '—'}</dd>
            <dt>Injury to the pupil</dt>
            <dd>{r.pupilInjury ?? '—'}</dd>
            <dt>Injury to staff</dt>
            <dd>{r.staffInjury ?? '—'}</dd>
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
              {!notified && <ParentNotification id={id} reload={loaded.reload} staff={people} me={user?.id ?? ''} />}
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
}: {
  id: string;
  reload: () => void;
  staff: { id: string; name: string }[];
  me: string;
}) {
  const cmd = useCommand(reload, 'incident');
  // Nothing chosen for them: the record says what was done, never a default nobody checked.
  const [told, setTold] = useState<boolean | null>(null);
  const [notifiedAt, setNotifiedAt] = useState('');
  const [method, setMethod] = useState('');
  const [notifiedBy, setNotifiedBy] = useState(me);
  const [exemptionReason, setExemptionReason] = useState('');
  const [local, setLocal] = useState<FieldErrors>({});
  const errors = { ...local, ...(cmd.problem?.fields ?? {}) };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (told === null) found.told = 'Say whether the parent or carer was told';
    if (told && !localInputToIso(notifiedAt)) found.notifiedAt = 'Enter when the parent was told';
    if (told && !method) found.method = 'Choose how they were told';
    if (told && !notifiedBy) found.notifiedBy = 'Choose who told the parent';
    if (!told && !exemptionReason.trim()) found.exemptionReason = 'Say why the parent is not being told';
    setLocal(found);
    if (Object.keys(found).length) return;
    const body = told ? { notifiedAt: localInputToIso(notifiedAt), method, notifiedBy } : { exemptionReason: exemptionReason.trim() };
    await cmd.run(() => api.post(`/incidents/${id}/parent-notification`, body), 'Parent notification recorded.', {
      'incident.notified_before_incident': 'notifiedAt',
      'incident.notified_in_future': 'notifiedAt',
    });
  }

  return (
    <section aria-labelledby="parent-title" className="panel">
      <h2 id="parent-title">Parent notification</h2>
      <ErrorSummary problem={cmd.problem} />
      <form onSubmit={submit} noValidate aria-labelledby="parent-title">
        <fieldset className="field" id="field-told" aria-describedby={errors.told ? 'error-told' : undefined}>
          <legend>Was the parent or carer told?</legend>
          <FieldError field="told" errors={errors} />
          <div className="radio">
            <input type="radio" id="parent-told" name="parent-told" checked={told === true} onChange={() => setTold(true)} />
            <label htmlFor="parent-told">Yes, they were told</label>
          </div>
          <div className="radio">
            <input type="radio" id="parent-exempt" name="parent-told" checked={told === false} onChange={() => setTold(false)} />
            <label htmlFor="parent-exempt">No — telling them would put the child at risk</label>
          </div>
        </fieldset>
        {told === null ? null : told ? (
          <>
            <div className="field">
              <label htmlFor="field-notifiedAt">When were they told?</label>
              <FieldError field="notifiedAt" errors={errors} />
              <input
                id="field-notifiedAt"
                type="datetime-local"
                value={notifiedAt}
                onChange={(e) => setNotifiedAt(e.target.value)}
                {...describedBy('notifiedAt', errors)}
              />
            </div>
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
          </>
        ) : (
          <div className="field">
            <label htmlFor="field-exemptionReason">Why is the parent not being told?</label>
            <FieldError field="exemptionReason" errors={errors} />
            <textarea
              id="field-exemptionReason"
              rows={3}
              value={exemptionReason}
              onChange={(e) => setExemptionReason(e.target.value)}
              {...describedBy('exemptionReason', errors)}
            />
          </div>
        )}
        <button type="submit" disabled={cmd.busy}>
          Record parent notification
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
