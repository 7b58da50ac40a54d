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
import { BodyMap } from '../components/BodyMap.js';

/** A registered member of staff (by id), or an agency worker or volunteer (by name and role). */
interface StaffRow {
  key: string;
  kind: 'registered' | 'named';
  staffId: string;
  name: string;
  roleDescription: string;
  holds: string[];
  otherHolds: string;
  justification: string;
}

interface InjuryRow {
  key: string;
  person: string;
  staffId: string;
  description: string;
  bodyMap: string[];
  firstAidGiven: boolean;
  medicalAttention: boolean;
  riddorReportable: boolean;
}

const staffRow = (staffId = ''): StaffRow => ({
  key: newKey(),
  kind: 'registered',
  staffId,
  name: '',
  roleDescription: '',
  holds: [],
  otherHolds: '',
  justification: '',
});

const injuryRow = (): InjuryRow => ({
  key: newKey(),
  person: '',
  staffId: '',
  description: '',
  bodyMap: [],
  firstAidGiven: false,
  medicalAttention: false,
  riddorReportable: false,
});

/** Whether the chosen type is carried out with holds (the server's list, from the vocabulary). */
const usesHolds = (type: string): boolean => entries('interventionTypesUsingHolds').some(([code]) => code === type);

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
  interventionType: string;
  reason: string;
  injuries: InjuryRow[];
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
  staffInvolved: [staffRow(getSession()?.user.id ?? '')],
  antecedents: '',
  deEscalation: [],
  deEscalationOther: '',
  interventionType: '',
  reason: '',
  injuries: [],
  aftercare: '',
  witnesses: [],
  idempotencyKey: newKey(),
});

/**
 * The type comes before the staff, so the staff step follows it: holds are asked for only where the
 * type uses them (no hold step for a seclusion or a restraint without contact).
 */
const STEPS: { title: string; fields: string[] }[] = [
  { title: 'Pupil', fields: ['pupilId'] },
  { title: 'Time and place', fields: ['occurredAt', 'endedAt', 'location'] },
  { title: 'Type of intervention and why', fields: ['interventionType', 'reason'] },
  { title: 'Staff involved', fields: ['staffInvolved'] },
  { title: 'What happened before', fields: ['antecedents'] },
  { title: 'De-escalation tried', fields: ['deEscalation'] },
  { title: 'Injuries and aftercare', fields: ['injuries', 'aftercare'] },
  { title: 'Witnesses', fields: ['witnesses'] },
  { title: 'Check and submit', fields: [] },
];
const stepTitle = (step: number, d: IncidentDraft): string =>
  step === 3 && usesHolds(d.interventionType) ? 'Staff involved and holds used' : STEPS[step]!.title;

const LABELS: Record<string, string> = {
  pupilId: 'Pupil',
  occurredAt: 'Started',
  endedAt: 'Ended',
  location: 'Where',
  staffInvolved: 'Staff involved',
  antecedents: 'What happened before',
  deEscalation: 'De-escalation',
  interventionType: 'Type of intervention',
  reason: 'Reason',
  injuries: 'Injuries',
  aftercare: 'Aftercare',
  witnesses: 'Witnesses',
};

const RULE_FIELDS: Record<string, string> = {
  'incident.occurred_in_future': 'occurredAt',
  'incident.end_not_after_start': 'endedAt',
  'incident.staff_required': 'staffInvolved',
  'incident.holds_required': 'staffInvolved',
  'incident.staff_identity': 'staffInvolved',
  'incident.staff_role_required': 'staffInvolved',
  'incident.injury_description_required': 'injuries',
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
      if (!d.interventionType) e.interventionType = 'Choose the type of intervention';
      if (!d.reason) e.reason = 'Choose the reason it was necessary';
      break;
    case 3: {
      const named = (r: StaffRow) => (r.kind === 'registered' ? r.staffId : r.name.trim());
      if (d.staffInvolved.length === 0 || d.staffInvolved.some((r) => !named(r))) e.staffInvolved = 'Name each person involved';
      else if (d.staffInvolved.some((r) => r.kind === 'named' && !r.roleDescription.trim()))
        e.staffInvolved = 'Say the role of each person not on the staff list (agency, volunteer…)';
      else if (usesHolds(d.interventionType) && d.staffInvolved.some((r) => holdsOf(r).length === 0))
        e.staffInvolved = 'Record the holds each person used';
      else if (new Set(d.staffInvolved.map(named)).size !== d.staffInvolved.length) e.staffInvolved = 'Each person only once';
      break;
    }
    case 4:
      if (!d.antecedents.trim()) e.antecedents = 'Describe what happened before';
      break;
    case 5:
      if (deEscalationOf(d).length === 0) e.deEscalation = 'Record the de-escalation tried first';
      break;
    case 6:
      if (d.injuries.some((i) => !i.person)) e.injuries = 'Say who was injured for each injury';
      else if (d.injuries.some((i) => !i.description.trim())) e.injuries = 'Describe each injury';
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
  const [draft, update, discard] = useDraft<IncidentDraft>('incident-2026', blank);
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
        staffInvolved: draft.staffInvolved.map((r) => ({
          ...(r.kind === 'registered' ? { staffId: r.staffId } : { name: r.name.trim(), roleDescription: r.roleDescription.trim() }),
          // Holds only where the type uses them: a seclusion records none.
          holds: usesHolds(draft.interventionType) ? holdsOf(r) : [],
          ...(r.justification.trim() ? { justification: r.justification.trim() } : {}),
        })),
        antecedents: draft.antecedents.trim(),
        deEscalation: deEscalationOf(draft),
        interventionType: draft.interventionType,
        reason: draft.reason,
        injuries: draft.injuries.map((i) => ({
          person: i.person,
          ...(i.person === 'staff' && i.staffId ? { staffId: i.staffId } : {}),
          description: i.description.trim(),
          bodyMap: i.bodyMap,
          firstAidGiven: i.firstAidGiven,
          medicalAttention: i.medicalAttention,
          riddorReportable: i.riddorReportable,
        })),
        aftercare: draft.aftercare.trim(),
        witnesses: draft.witnesses,
      };
      const created = await api.post<Created & { suggestConcern?: unknown }>('/incidents', body, { idempotencyKey: draft.idempotencyKey });
      discard();
      navigate(`/incidents/${created.id}?recorded=1${created.suggestConcern ? '&injured=1' : ''}`);
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

  const involvedIds = draft.staffInvolved.map((r) => r.staffId).filter(Boolean);
  const holdsUsed = usesHolds(draft.interventionType);
  const updateInjury = (key: string, change: (i: InjuryRow) => InjuryRow) => {
    update((d) => ({ ...d, injuries: d.injuries.map((i) => (i.key === key ? change(i) : i)) }));
    setProblem((p) => (p ? clearField(p, 'injuries') : p));
  };
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
        <>
          <Radios
            field="interventionType"
            legend="Type of intervention"
            options={entries('interventionTypes')}
            value={draft.interventionType}
            onChange={(v) => set('interventionType', v)}
            errors={errors}
          />
          <Radios
            field="reason"
            legend="Why was it necessary?"
            options={entries('incidentReasons')}
            value={draft.reason}
            onChange={(v) => set('reason', v)}
            errors={errors}
          />
        </>
      );
      break;
    case 3:
      body = (
        <div id="field-staffInvolved">
          <FieldError field="staffInvolved" errors={errors} />
          {staff.error !== undefined && <p role="alert">Could not load the staff list. Reload the page to try again.</p>}
          {draft.staffInvolved.map((row, i) => (
            <fieldset key={row.key} className="panel">
              <legend>Person {i + 1}</legend>
              <fieldset className="field">
                <legend>On the staff list?</legend>
                <div className="radio">
                  <input
                    type="radio"
                    id={`kind-registered-${row.key}`}
                    name={`kind-${row.key}`}
                    checked={row.kind === 'registered'}
                    onChange={() => updateRow(row.key, (r) => ({ ...r, kind: 'registered' }))}
                  />
                  <label htmlFor={`kind-registered-${row.key}`}>A member of our staff</label>
                </div>
                <div className="radio">
                  <input
                    type="radio"
                    id={`kind-named-${row.key}`}
                    name={`kind-${row.key}`}
                    checked={row.kind === 'named'}
                    onChange={() => updateRow(row.key, (r) => ({ ...r, kind: 'named', staffId: '' }))}
                  />
                  <label htmlFor={`kind-named-${row.key}`}>Agency staff or a volunteer (not on the list)</label>
                </div>
              </fieldset>
              {row.kind === 'registered' ? (
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
              ) : (
                <>
                  <div className="field">
                    <label htmlFor={`named-${row.key}`}>Their name</label>
                    <input
                      id={`named-${row.key}`}
                      type="text"
                      autoComplete="off"
                      value={row.name}
                      onChange={(e) => updateRow(row.key, (r) => ({ ...r, name: e.target.value }))}
                    />
                  </div>
                  <div className="field">
                    <label htmlFor={`role-${row.key}`}>Their role</label>
                    <p className="hint" id={`role-hint-${row.key}`}>
                      For example: agency teaching assistant, volunteer reader.
                    </p>
                    <input
                      id={`role-${row.key}`}
                      type="text"
                      aria-describedby={`role-hint-${row.key}`}
                      value={row.roleDescription}
                      onChange={(e) => updateRow(row.key, (r) => ({ ...r, roleDescription: e.target.value }))}
                    />
                  </div>
                </>
              )}
              {holdsUsed && (
                <>
                  <fieldset>
                    <legend>Holds used{row.staffId ? ` by ${name(row.staffId)}` : row.name ? ` by ${row.name}` : ''}</legend>
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
                </>
              )}
              <div className="field">
                <label htmlFor={`justification-${row.key}`}>Why was what they did necessary? (optional)</label>
                <textarea
                  id={`justification-${row.key}`}
                  rows={2}
                  value={row.justification}
                  onChange={(e) => updateRow(row.key, (r) => ({ ...r, justification: e.target.value }))}
                />
              </div>
              {draft.staffInvolved.length > 1 && (
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => update((d) => ({ ...d, staffInvolved: d.staffInvolved.filter((r) => r.key !== row.key) }))}
                >
                  Remove person {i + 1}
                </button>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            className="button-secondary"
            onClick={() => update((d) => ({ ...d, staffInvolved: [...d.staffInvolved, staffRow()] }))}
          >
            Add another person
          </button>
        </div>
      );
      break;
    case 4:
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
    case 5:
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
    case 6:
      body = (
        <>
          <div id="field-injuries">
            <FieldError field="injuries" errors={errors} />
            {draft.injuries.length === 0 && <p>No injuries recorded. Add one for each person hurt, however slightly.</p>}
            {draft.injuries.map((injury, i) => (
              <fieldset key={injury.key} className="panel">
                <legend>Injury {i + 1}</legend>
                <fieldset className="field">
                  <legend>Who was hurt?</legend>
                  {entries('injuredPersons').map(([code, text]) => (
                    <div className="radio" key={code}>
                      <input
                        type="radio"
                        id={`person-${injury.key}-${code}`}
                        name={`person-${injury.key}`}
                        checked={injury.person === code}
                        onChange={() => updateInjury(injury.key, (x) => ({ ...x, person: code }))}
                      />
                      <label htmlFor={`person-${injury.key}-${code}`}>{text}</label>
                    </div>
                  ))}
                </fieldset>
                {injury.person === 'staff' && (
                  <StaffSelect
                    id={`injured-${injury.key}`}
                    label="Which member of staff? (leave blank for someone not on the list)"
                    value={injury.staffId}
                    onChange={(staffId) => updateInjury(injury.key, (x) => ({ ...x, staffId }))}
                    staff={people}
                    errors={{}}
                    field={`injured-${injury.key}`}
                  />
                )}
                <div className="field">
                  <label htmlFor={`injury-description-${injury.key}`}>What was the injury?</label>
                  <textarea
                    id={`injury-description-${injury.key}`}
                    rows={2}
                    value={injury.description}
                    onChange={(e) => updateInjury(injury.key, (x) => ({ ...x, description: e.target.value }))}
                  />
                </div>
                <BodyMap
                  legend="Where on the body? Tap each place, or Tab to it and press Space."
                  purpose="choose where the injury is"
                  chosen={injury.bodyMap}
                  onToggle={(code) =>
                    updateInjury(injury.key, (x) => ({
                      ...x,
                      bodyMap: x.bodyMap.includes(code) ? x.bodyMap.filter((c) => c !== code) : [...x.bodyMap, code],
                    }))
                  }
                />
                {(
                  [
                    ['firstAidGiven', 'First aid was given'],
                    ['medicalAttention', 'Medical attention was needed (GP, hospital, ambulance)'],
                    ['riddorReportable', 'Reportable to the HSE under RIDDOR'],
                  ] as const
                ).map(([flag, text]) => (
                  <div className="checkbox" key={flag}>
                    <input
                      type="checkbox"
                      id={`${flag}-${injury.key}`}
                      checked={injury[flag]}
                      onChange={(e) => updateInjury(injury.key, (x) => ({ ...x, [flag]: e.target.checked }))}
                    />
                    <label htmlFor={`${flag}-${injury.key}`}>{text}</label>
                  </div>
                ))}
                {injury.person === 'pupil' && (
                  <p className="notice" role="note">
                    An injury to the pupil may be a safeguarding matter: if how it happened, or the mark itself, worries you, raise a
                    concern as well.
                  </p>
                )}
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => update((d) => ({ ...d, injuries: d.injuries.filter((x) => x.key !== injury.key) }))}
                >
                  Remove injury {i + 1}
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              className="button-secondary"
              onClick={() => update((d) => ({ ...d, injuries: [...d.injuries, injuryRow()] }))}
            >
              Add an injury
            </button>
          </div>
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
            label="Type and reason"
            value={`${label('interventionTypes', draft.interventionType)} — ${label('incidentReasons', draft.reason)}`}
            step={2}
            goTo={goTo}
          />
          <ReviewRow
            label={holdsUsed ? 'Staff and holds' : 'Staff involved'}
            value={draft.staffInvolved
              .map((r) => {
                const who = r.kind === 'registered' ? name(r.staffId) : `${r.name} (${r.roleDescription})`;
                return holdsUsed
                  ? `${who}: ${holdsOf(r)
                      .map((h) => label('holds', h))
                      .join(', ')}`
                  : who;
              })
              .join('; ')}
            step={3}
            goTo={goTo}
          />
          <ReviewRow label="What happened before" value={draft.antecedents} step={4} goTo={goTo} />
          <ReviewRow
            label="De-escalation"
            value={deEscalationOf(draft)
              .map((x) => label('deEscalation', x))
              .join(', ')}
            step={5}
            goTo={goTo}
          />
          <ReviewRow
            label="Injuries and aftercare"
            value={`${
              draft.injuries.length === 0
                ? 'No injuries.'
                : draft.injuries
                    .map(
                      (i) =>
                        `${label('injuredPersons', i.person)}: ${i.description}${i.bodyMap.length ? ` (${i.bodyMap.map((c) => label('bodyMapRegions', c)).join(', ')})` : ''}.`,
                    )
                    .join(' ')
            } Aftercare: ${draft.aftercare}`}
            step={6}
            goTo={goTo}
          />
          <ReviewRow label="Witnesses" value={draft.witnesses.map(name).join(', ') || 'None'} step={7} goTo={goTo} />
        </dl>
      );
  }

  return (
    <Page title="Record a restrictive intervention">
      <nav aria-label="Steps">
        <ol className="steps">
          {STEPS.map((s, i) => (
            <li key={s.title} aria-current={i === step ? 'step' : undefined} className={i < step ? 'done' : undefined}>
              {i < step ? (
                <button type="button" className="button-link" onClick={() => goTo(i)}>
                  {stepTitle(i, draft)}
                  <span className="visually-hidden"> (completed, change)</span>
                </button>
              ) : (
                <span>{stepTitle(i, draft)}</span>
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
          {stepTitle(step, draft)}
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
