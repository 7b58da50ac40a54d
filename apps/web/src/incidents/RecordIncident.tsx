import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, isRefusal, newKey, type Created } from '../session/api.js';
import { PupilPicker, StaffSelect, useStaff, type ChosenPupil } from '../components/pickers.js';
import {
  clearField,
  describedBy,
  ErrorSummary,
  FieldError,
  Page,
  problemOf,
  useDraft,
  type FieldErrors,
  type FormProblem,
} from '../components/ui.js';
import { navigate } from '../app/router.js';
import { getSession } from '../session/session.js';
import { formatDateTime, localInputToIso, toLocalInput } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';

interface StaffRow {
  key: string;
  staffId: string;
  holds: string[];
  otherHolds: string;
}

interface IncidentDraft {
  step: number;
  pupil: ChosenPupil[];
  occurredAt: string;
  endedAt: string;
  location: string;
  staffInvolved: StaffRow[];
  antecedents: string;
  deEscalation: string[];
  deEscalationOther: string;
  forceType: string;
  reason: string;
  pupilInjury: string;
  staffInjury: string;
  aftercare: string;
  witnesses: string[];
  idempotencyKey: string;
}

const blank = (): IncidentDraft => ({
  step: 0,
  pupil: [],
  occurredAt: toLocalInput(),
  endedAt: '',
  location: '',
  staffInvolved: [{ key: newKey(), staffId: getSession()?.user.id ?? '', holds: [], otherHolds: '' }],
  antecedents: '',
  deEscalation: [],
  deEscalationOther: '',
  forceType: '',
  reason: '',
  pupilInjury: '',
  staffInjury: '',
  aftercare: '',
  witnesses: [],
  idempotencyKey: newKey(),
});

const STEPS: { title: string; fields: string[] }[] = [
  { title: 'Pupil', fields: ['pupilId'] },
  { title: 'Time and place', fields: ['occurredAt', 'endedAt', 'location'] },
  { title: 'Staff involved and holds used', fields: ['staffInvolved'] },
  { title: 'What happened before', fields: ['antecedents'] },
  { title: 'De-escalation tried', fields: ['deEscalation'] },
  { title: 'Force used and why', fields: ['forceType', 'reason'] },
  { title: 'Injuries and aftercare', fields: ['pupilInjury', 'staffInjury', 'aftercare'] },
  { title: 'Witnesses', fields: ['witnesses'] },
  { title: 'Check and submit', fields: [] },
];

const LABELS: Record<string, string> = {
  pupilId: 'Pupil',
  occurredAt: 'Started',
  endedAt: 'Ended',
  location: 'Where',
  staffInvolved: 'Staff involved',
  antecedents: 'What happened before',
  deEscalation: 'De-escalation',
  forceType: 'Type of force',
  reason: 'Reason',
  pupilInjury: 'Injury to the pupil',
  staffInjury: 'Injury to staff',
  aftercare: 'Aftercare',
  witnesses: 'Witnesses',
};

const RULE_FIELDS: Record<string, string> = {
  'incident.occurred_in_future': 'occurredAt',
  'incident.end_not_after_start': 'endedAt',
  'incident.staff_required': 'staffInvolved',
  'incident.holds_required': 'staffInvolved',
  'incident.de_escalation_required': 'deEscalation',
};

const split = (text: string): string[] =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
const holdsOf = (row: StaffRow): string[] => [...row.holds, ...split(row.otherHolds)];
const deEscalationOf = (d: IncidentDraft): string[] => [...d.deEscalation, ...split(d.deEscalationOther)];

function checkStep(step: number, d: IncidentDraft): FieldErrors {
  const e: FieldErrors = {};
  const now = Date.now() + 60_000;
  switch (step) {
    case 0:
      if (d.pupil.length === 0) e.pupilId = 'Choose the pupil';
      break;
    case 1: {
      const start = localInputToIso(d.occurredAt);
      const end = localInputToIso(d.endedAt);
      if (!start) e.occurredAt = 'Enter when the intervention started';
      else if (new Date(start).getTime() > now) e.occurredAt = 'The start cannot be in the future';
      if (!end) e.endedAt = 'Enter when it ended';
      else if (start && new Date(end) <= new Date(start)) e.endedAt = 'The end must be after the start';
      else if (new Date(end).getTime() > now) e.endedAt = 'The end cannot be in the future';
      if (!d.location.trim()) e.location = 'Say where it happened';
      break;
    }
    case 2:
      if (d.staffInvolved.length === 0 || d.staffInvolved.some((r) => !r.staffId)) e.staffInvolved = 'Choose each member of staff involved';
      else if (d.staffInvolved.some((r) => holdsOf(r).length === 0)) e.staffInvolved = 'Record the holds each member of staff used';
      else if (new Set(d.staffInvolved.map((r) => r.staffId)).size !== d.staffInvolved.length)
        e.staffInvolved = 'Each member of staff only once';
      break;
    case 3:
      if (!d.antecedents.trim()) e.antecedents = 'Describe what happened before';
      break;
    case 4:
      if (deEscalationOf(d).length === 0) e.deEscalation = 'Record the de-escalation tried before using force';
      break;
    case 5:
      if (!d.forceType) e.forceType = 'Choose the type of force';
      if (!d.reason) e.reason = 'Choose the reason force was needed';
      break;
    case 6:
      if (!d.pupilInjury.trim()) e.pupilInjury = 'Record any injury to the pupil, or write “None”';
      if (!d.staffInjury.trim()) e.staffInjury = 'Record any injury to staff, or write “None”';
      if (!d.aftercare.trim()) e.aftercare = 'Record the aftercare given';
      break;
  }
  return e;
}

const stepOfField = (field: string): number => {
  const i = STEPS.findIndex((s) => s.fields.includes(field));
  return i < 0 ? STEPS.length - 1 : i;
};

export function RecordIncidentPage() {
  const [draft, update, discard] = useDraft<IncidentDraft>('incident', blank);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const staff = useStaff();
  const people = staff.data ?? [];
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const errors = problem?.fields ?? {};
  const set = <K extends keyof IncidentDraft>(key: K, value: IncidentDraft[K]) => {
    update((d) => ({ ...d, [key]: value }));
    // A corrected answer loses its error; the summary goes once nothing on the step is left to fix.
    const field = key === 'pupil' ? 'pupilId' : key;
    if (key !== 'step' && key !== 'idempotencyKey') setProblem((p) => (p ? clearField(p, field) : p));
  };
  const step = Math.min(draft.step, STEPS.length - 1);
  const last = STEPS.length - 1;
  const name = (id: string) => people.find((s) => s.id === id)?.name ?? id;

  const [moved, setMoved] = useState(false);
  useEffect(() => {
    if (moved && !problem) stepHeading.current?.focus();
  }, [step, moved, problem]);

  const goTo = (to: number, withProblem: FormProblem | null = null) => {
    setProblem(withProblem);
    setMoved(true);
    set('step', to);
  };

  async function next(e: FormEvent) {
    e.preventDefault();
    if (step < last) {
      const found = checkStep(step, draft);
      if (Object.keys(found).length) setProblem({ message: 'Check the highlighted answers before going on.', fields: found });
      else goTo(step + 1);
      return;
    }
    for (let i = 0; i < last; i++) {
      const found = checkStep(i, draft);
      if (Object.keys(found).length) return goTo(i, { message: 'Some answers are missing.', fields: found });
    }
    setBusy(true);
    try {
      const body = {
        pupilId: draft.pupil[0]!.id,
        occurredAt: localInputToIso(draft.occurredAt),
        endedAt: localInputToIso(draft.endedAt),
        location: draft.location.trim(),
        staffInvolved: draft.staffInvolved.map((r) => ({ staffId: r.staffId, holds: holdsOf(r) })),
        antecedents: draft.antecedents.trim(),
        deEscalation: deEscalationOf(draft),
        forceType: draft.forceType,
        reason: draft.reason,
        pupilInjury: draft.pupilInjury.trim(),
        staffInjury: draft.staffInjury.trim(),
        aftercare: draft.aftercare.trim(),
        witnesses: draft.witnesses,
      };
      const created = await api.post<Created>('/incidents', body, { idempotencyKey: draft.idempotencyKey });
      discard();
      navigate(`/incidents/${created.id}?recorded=1`);
    } catch (err) {
      if (isRefusal(err)) set('idempotencyKey', newKey());
      const p = problemOf(err, RULE_FIELDS);
      const message = `The incident has not been recorded. ${p.message} Your answers are kept.`;
      const firstField = Object.keys(p.fields)
        .map(stepOfField)
        .sort((a, b) => a - b)[0];
      if (firstField !== undefined && firstField < last) goTo(firstField, { ...p, message });
      else setProblem({ ...p, message });
    } finally {
      setBusy(false);
    }
  }

  const involvedIds = draft.staffInvolved.map((r) => r.staffId);
  const updateRow = (key: string, change: (r: StaffRow) => StaffRow) =>
    update((d) => ({ ...d, staffInvolved: d.staffInvolved.map((r) => (r.key === key ? change(r) : r)) }));

  let body: ReactNode;
  switch (step) {
    case 0:
      body = (
        <PupilPicker
          field="pupilId"
          legend="Which pupil?"
          multiple={false}
          chosen={draft.pupil}
          onChange={(p) => set('pupil', p)}
          errors={errors}
        />
      );
      break;
    case 1:
      body = (
        <>
          <TextField
            field="occurredAt"
            label="When did the intervention start?"
            type="datetime-local"
            value={draft.occurredAt}
            onChange={(v) => set('occurredAt', v)}
            errors={errors}
          />
          <TextField
            field="endedAt"
            label="When did it end?"
            type="datetime-local"
            value={draft.endedAt}
            onChange={(v) => set('endedAt', v)}
            errors={errors}
          />
          <TextField
            field="location"
            label="Where did it happen?"
            hint="For example: Year 4 classroom, playground by the gate."
            value={draft.location}
            onChange={(v) => set('location', v)}
            errors={errors}
          />
        </>
      );
      break;
    case 2:
      body = (
        <div id="field-staffInvolved">
          <FieldError field="staffInvolved" errors={errors} />
          {staff.error !== undefined && <p role="alert">Could not load the staff list. Reload the page to try again.</p>}
          {draft.staffInvolved.map((row, i) => (
            <fieldset key={row.key} className="panel">
              <legend>Member of staff {i + 1}</legend>
              <StaffSelect
                id={`staff-${row.key}`}
                label="Name"
                value={row.staffId}
                onChange={(staffId) => updateRow(row.key, (r) => ({ ...r, staffId }))}
                staff={people}
                errors={{}}
                field={`staff-${row.key}`}
                exclude={involvedIds}
              />
              <fieldset>
                <legend>Holds used{row.staffId ? ` by ${name(row.staffId)}` : ''}</legend>
                <div className="checkbox-grid">
                  {entries('holds').map(([code, label]) => (
                    <div className="checkbox" key={code}>
                      <input
                        type="checkbox"
                        id={`hold-${row.key}-${code}`}
                        checked={row.holds.includes(code)}
                        onChange={(e) =>
                          updateRow(row.key, (r) => ({
                            ...r,
                            holds: e.target.checked ? [...r.holds, code] : r.holds.filter((h) => h !== code),
                          }))
                        }
                      />
                      <label htmlFor={`hold-${row.key}-${code}`}>{label}</label>
                    </div>
                  ))}
                </div>
              </fieldset>
              <div className="field">
                <label htmlFor={`other-holds-${row.key}`}>Other holds (separate with commas)</label>
                <input
                  id={`other-holds-${row.key}`}
                  type="text"
                  value={row.otherHolds}
                  onChange={(e) => updateRow(row.key, (r) => ({ ...r, otherHolds: e.target.value }))}
                />
              </div>
              {draft.staffInvolved.length > 1 && (
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => update((d) => ({ ...d, staffInvolved: d.staffInvolved.filter((r) => r.key !== row.key) }))}
                >
                  Remove member of staff {i + 1}
                </button>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            className="button-secondary"
            onClick={() =>
              update((d) => ({ ...d, staffInvolved: [...d.staffInvolved, { key: newKey(), staffId: '', holds: [], otherHolds: '' }] }))
            }
          >
            Add another member of staff
          </button>
        </div>
      );
      break;
    case 3:
      body = (
        <TextField
          field="antecedents"
          label="What happened before the intervention?"
          hint="The lead-up and any triggers, as facts."
          multiline
          value={draft.antecedents}
          onChange={(v) => set('antecedents', v)}
          errors={errors}
        />
      );
      break;
    case 4:
      body = (
        <>
          <fieldset className="field" id="field-deEscalation" aria-describedby={errors.deEscalation ? 'error-deEscalation' : undefined}>
            <legend>What de-escalation was tried first?</legend>
            <FieldError field="deEscalation" errors={errors} />
            <div className="checkbox-grid">
              {entries('deEscalation').map(([code, label]) => (
                <div className="checkbox" key={code}>
                  <input
                    type="checkbox"
                    id={`deesc-${code}`}
                    checked={draft.deEscalation.includes(code)}
                    onChange={(e) =>
                      set('deEscalation', e.target.checked ? [...draft.deEscalation, code] : draft.deEscalation.filter((x) => x !== code))
                    }
                  />
                  <label htmlFor={`deesc-${code}`}>{label}</label>
                </div>
              ))}
            </div>
          </fieldset>
          <TextField
            field="deEscalationOther"
            label="Anything else tried (separate with commas)"
            value={draft.deEscalationOther}
            onChange={(v) => set('deEscalationOther', v)}
            errors={errors}
          />
        </>
      );
      break;
    case 5:
      body = (
        <>
          <Radios
            field="forceType"
            legend="Type of force used"
            options={entries('forceTypes')}
            value={draft.forceType}
            onChange={(v) => set('forceType', v)}
            errors={errors}
          />
          <Radios
            field="reason"
            legend="Why was force necessary?"
            options={entries('incidentReasons')}
            value={draft.reason}
            onChange={(v) => set('reason', v)}
            errors={errors}
          />
        </>
      );
      break;
    case 6:
      body = (
        <>
          <TextField
            field="pupilInjury"
            label="Injury to the pupil"
            hint="Write “None” if there was none."
            multiline
            value={draft.pupilInjury}
            onChange={(v) => set('pupilInjury', v)}
            errors={errors}
          />
          <TextField
            field="staffInjury"
            label="Injury to staff"
            hint="Write “None” if there was none."
            multiline
            value={draft.staffInjury}
            onChange={(v) => set('staffInjury', v)}
            errors={errors}
          />
          <TextField
            field="aftercare"
            label="Aftercare given"
            hint="First aid, time to calm, who stayed with the pupil."
            multiline
            value={draft.aftercare}
            onChange={(v) => set('aftercare', v)}
            errors={errors}
          />
        </>
      );
      break;
    case 7:
      body = (
        <fieldset className="field" id="field-witnesses">
          <legend>Staff who witnessed it (optional)</legend>
          <FieldError field="witnesses" errors={errors} />
          {people.filter((s) => !involvedIds.includes(s.id)).length === 0 && <p>No other staff to choose.</p>}
          <div className="checkbox-grid">
            {people
              .filter((s) => !involvedIds.includes(s.id))
              .map((s) => (
                <div className="checkbox" key={s.id}>
                  <input
                    type="checkbox"
                    id={`witness-${s.id}`}
                    checked={draft.witnesses.includes(s.id)}
                    onChange={(e) =>
                      set('witnesses', e.target.checked ? [...draft.witnesses, s.id] : draft.witnesses.filter((w) => w !== s.id))
                    }
                  />
                  <label htmlFor={`witness-${s.id}`}>{s.name}</label>
                </div>
              ))}
          </div>
        </fieldset>
      );
      break;
    default:
      body = (
        <dl className="review">
          <ReviewRow label="Pupil" value={draft.pupil[0]?.name} step={0} goTo={goTo} />
          <ReviewRow
            label="Time and place"
            value={`${formatDateTime(localInputToIso(draft.occurredAt))} to ${formatDateTime(localInputToIso(draft.endedAt))}, ${draft.location}`}
            step={1}
            goTo={goTo}
          />
          <ReviewRow
            label="Staff and holds"
            value={draft.staffInvolved
              .map(
                (r) =>
                  `${name(r.staffId)}: ${holdsOf(r)
                    .map((h) => label('holds', h))
                    .join(', ')}`,
              )
              .join('; ')}
            step={2}
            goTo={goTo}
          />
          <ReviewRow label="What happened before" value={draft.antecedents} step={3} goTo={goTo} />
          <ReviewRow
            label="De-escalation"
            value={deEscalationOf(draft)
              .map((x) => label('deEscalation', x))
              .join(', ')}
            step={4}
            goTo={goTo}
          />
          <ReviewRow
            label="Force and reason"
            value={`${label('forceTypes', draft.forceType)} — ${label('incidentReasons', draft.reason)}`}
            step={5}
            goTo={goTo}
          />
          <ReviewRow
            label="Injuries and aftercare"
            value={`Pupil: ${draft.pupilInjury}. Staff: ${draft.staffInjury}. Aftercare: ${draft.aftercare}`}
            step={6}
            goTo={goTo}
          />
          <ReviewRow label="Witnesses" value={draft.witnesses.map(name).join(', ') || 'None'} step={7} goTo={goTo} />
        </dl>
      );
  }

  return (
    <Page title="Record a restraint or physical intervention">
      <nav aria-label="Steps">
        <ol className="steps">
          {STEPS.map((s, i) => (
            <li key={s.title} aria-current={i === step ? 'step' : undefined} className={i < step ? 'done' : undefined}>
              {i < step ? (
                <button type="button" className="button-link" onClick={() => goTo(i)}>
                  {s.title}
                  <span className="visually-hidden"> (completed, change)</span>
                </button>
              ) : (
                <span>{s.title}</span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <ErrorSummary problem={problem} labels={LABELS} />
      <form onSubmit={next} noValidate aria-labelledby="step-title">
        <p className="muted">
          Step {step + 1} of {STEPS.length}
        </p>
        <h2 id="step-title" ref={stepHeading} tabIndex={-1}>
          {STEPS[step]!.title}
        </h2>
        {body}
        <div className="actions">
          {step > 0 && (
            <button type="button" className="button-secondary" onClick={() => goTo(step - 1)}>
              Back
            </button>
          )}
          <button type="submit" disabled={busy}>
            {step < last ? 'Continue' : busy ? 'Recording…' : 'Record incident'}
          </button>
        </div>
      </form>
    </Page>
  );
}

function TextField({
  field,
  label,
  hint,
  value,
  onChange,
  errors,
  type = 'text',
  multiline = false,
}: {
  field: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  errors: FieldErrors;
  type?: string;
  multiline?: boolean;
}) {
  const aria = describedBy(field, errors, hint && `hint-${field}`);
  return (
    <div className="field">
      <label htmlFor={`field-${field}`}>{label}</label>
      {hint && (
        <p className="hint" id={`hint-${field}`}>
          {hint}
        </p>
      )}
      <FieldError field={field} errors={errors} />
      {multiline ? (
        <textarea id={`field-${field}`} rows={4} value={value} onChange={(e) => onChange(e.target.value)} {...aria} />
      ) : (
        <input id={`field-${field}`} type={type} value={value} onChange={(e) => onChange(e.target.value)} {...aria} />
      )}
    </div>
  );
}

function Radios({
  field,
  legend,
  options,
  value,
  onChange,
  errors,
}: {
  field: string;
  legend: string;
  options: [string, string][];
  value: string;
  onChange: (value: string) => void;
  errors: FieldErrors;
}) {
  return (
    <fieldset className="field" id={`field-${field}`} aria-describedby={errors[field] ? `error-${field}` : undefined}>
      <legend>{legend}</legend>
      <FieldError field={field} errors={errors} />
      {options.map(([code, label]) => (
        <div className="radio" key={code}>
          <input type="radio" name={field} id={`${field}-${code}`} checked={value === code} onChange={() => onChange(code)} />
          <label htmlFor={`${field}-${code}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
}

function ReviewRow({ label, value, step, goTo }: { label: string; value: string | undefined; step: number; goTo: (step: number) => void }) {
  return (
    <div className="review-row">
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
      <dd>
        <button type="button" className="button-link" onClick={() => goTo(step)}>
          Change<span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </dd>
    </div>
  );
}
