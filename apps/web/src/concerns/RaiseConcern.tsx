import { useState, type FormEvent } from 'react';
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
  useLoad,
  type FieldErrors,
  type FormProblem,
} from '../components/ui.js';
import { navigate } from '../app/router.js';
import { useSession } from '../session/session.js';
import { localInputToIso, toLocalInput } from '../components/time.js';
import { entries, label } from '../app/vocabulary.js';
import { BodyMap } from '../components/BodyMap.js';

/** The server's limits (MAX_CONCERN_CATEGORIES, MAX_CONCERN_SUMMARY_LENGTH), checked here too so the form says so at once. */
const MAX_CATEGORIES = 3;
const MAX_SUMMARY = 200;

/** Who the concern is about: pupils, or an adult (KCSIE part four) — a member of staff, someone named, or yourself. */
type About = 'pupil' | 'staff' | 'named' | 'self';

interface ConcernDraft {
  about: About;
  adultStaffId: string;
  adultName: string;
  adultRole: string;
  /** For a concern about an adult: low-level (below the harm threshold), or an allegation; unanswered until chosen. */
  lowLevel: boolean | null;
  pupils: ChosenPupil[];
  categories: string[];
  urgency: string;
  summary: string;
  details: string;
  occurredAt: string;
  informedDslVerbally: boolean;
  /** Chosen body-map regions and the note for each. */
  bodyMap: Record<string, string>;
  /** Kept with the draft so a retried submit cannot store the concern twice. */
  idempotencyKey: string;
}

const blank = (): ConcernDraft => ({
  about: 'pupil',
  adultStaffId: '',
  adultName: '',
  adultRole: '',
  lowLevel: null,
  pupils: [],
  categories: [],
  urgency: 'routine',
  summary: '',
  details: '',
  occurredAt: toLocalInput(),
  informedDslVerbally: false,
  bodyMap: {},
  idempotencyKey: newKey(),
});

const LABELS: Record<string, string> = {
  about: 'Who it is about',
  adultStaffId: 'The member of staff',
  adultName: 'Their name',
  lowLevel: 'Allegation or low-level concern',
  pupilIds: 'Pupils',
  categories: 'Categories',
  urgency: 'Urgency',
  summary: 'Summary',
  details: 'What was seen or heard',
  occurredAt: 'When it happened',
  informedDslVerbally: 'Told the DSL in person',
  bodyMap: 'Body map',
};

const RULE_FIELDS: Record<string, string> = {
  'concern.pupils_required': 'pupilIds',
  'concern.categories_count': 'categories',
  'concern.unknown_category': 'categories',
  'concern.summary_too_long': 'summary',
  'concern.occurred_in_future': 'occurredAt',
  'concern.adult_unidentified': 'adultName',
  'concern.unknown_adult': 'adultStaffId',
};

const aboutAdult = (d: ConcernDraft) => d.about !== 'pupil';

function check(d: ConcernDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (!aboutAdult(d) && d.pupils.length === 0) errors.pupilIds = 'Choose at least one pupil';
  if (d.about === 'staff' && !d.adultStaffId) errors.adultStaffId = 'Choose the member of staff';
  if (d.about === 'named' && !d.adultName.trim()) errors.adultName = 'Write their name';
  if (aboutAdult(d) && d.lowLevel === null) errors.lowLevel = 'Say whether it may meet the harm threshold';
  if (d.categories.length === 0) errors.categories = 'Choose at least one category';
  if (d.categories.length > MAX_CATEGORIES) errors.categories = `Choose no more than ${MAX_CATEGORIES} categories`;
  if (!d.summary.trim()) errors.summary = 'Write a one-line summary';
  if (d.summary.length > MAX_SUMMARY) errors.summary = `Keep the summary to ${MAX_SUMMARY} characters`;
  if (!d.details.trim()) errors.details = 'Say what you saw or heard';
  const when = localInputToIso(d.occurredAt);
  if (!when) errors.occurredAt = 'Enter the date and time it happened';
  else if (new Date(when).getTime() > Date.now() + 60_000) errors.occurredAt = 'The time cannot be in the future';
  return errors;
}

/** A category of the trust's reference data, with the guidance staff see when they choose it. */
interface CategoryChoice {
  code: string;
  label: string;
  guidance: string;
}

export function RaiseConcernPage() {
  const [draft, update, discard] = useDraft<ConcernDraft>('concern', blank);
  // The trust's categories open to new concerns; the words alone until they arrive.
  const categories = useLoad(() => api.get<CategoryChoice[]>('/concern-categories'), []);
  const choices: CategoryChoice[] =
    categories.data ?? entries('concernCategories').map(([code, text]) => ({ code, label: text, guidance: '' }));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [bodyMapOpen, setBodyMapOpen] = useState(() => Object.keys(draft.bodyMap).length > 0);
  const me = useSession()?.user;
  const staff = useStaff();
  const errors = problem?.fields ?? {};
  const set = <K extends keyof ConcernDraft>(key: K, value: ConcernDraft[K]) => {
    update((d) => ({ ...d, [key]: value }));
    // A corrected answer loses its error; the summary goes once nothing is left to fix.
    const field = key === 'pupils' ? 'pupilIds' : key;
    setProblem((p) => (p ? clearField(p, field) : p));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = check(draft);
    if (Object.keys(found).length) {
      setProblem({ message: 'The concern has not been sent yet. Check the highlighted fields.', fields: found });
      return;
    }
    setBusy(true);
    try {
      const adult =
        draft.about === 'staff'
          ? { aboutAdult: { staffId: draft.adultStaffId } }
          : draft.about === 'named'
            ? {
                aboutAdult: {
                  name: draft.adultName.trim(),
                  ...(draft.adultRole.trim() ? { roleDescription: draft.adultRole.trim() } : {}),
                },
              }
            : draft.about === 'self'
              ? { selfReport: true }
              : {};
      const body = {
        ...adult,
        ...(aboutAdult(draft) ? { lowLevel: draft.lowLevel === true } : {}),
        pupilIds: draft.pupils.map((p) => p.id),
        categories: draft.categories,
        summary: draft.summary.trim(),
        details: draft.details.trim(),
        occurredAt: localInputToIso(draft.occurredAt),
        urgency: draft.urgency,
        informedDslVerbally: draft.informedDslVerbally,
        bodyMap: Object.entries(draft.bodyMap).map(([region, note]) => ({ region, note: note.trim() })),
      };
      const created = await api.post<Created>('/concerns', body, { idempotencyKey: draft.idempotencyKey });
      discard();
      navigate(`/concerns/${created.id}/submitted`);
    } catch (err) {
      // A refusal stored nothing, so the corrected concern is a new command; after a lost connection keep the key.
      if (isRefusal(err)) set('idempotencyKey', newKey());
      const p = problemOf(err, RULE_FIELDS);
      setProblem({ ...p, message: `The concern has not been sent. ${p.message} Your text is kept.` });
    } finally {
      setBusy(false);
    }
  }

  const full = draft.categories.length >= MAX_CATEGORIES;
  const regions = Object.keys(draft.bodyMap);

  const adult = aboutAdult(draft);
  // A concern about the headteacher goes to the trust's safeguarding lead, never to the head.
  const aboutHead =
    (draft.about === 'staff' && !!staff.data?.find((s) => s.id === draft.adultStaffId)?.roles?.includes('headteacher')) ||
    (draft.about === 'self' && !!me?.roles.includes('headteacher'));
  const sendTo = !adult ? 'the DSL' : aboutHead ? 'the trust’s safeguarding lead' : 'the headteacher';
  return (
    <Page
      title="Raise a safeguarding concern"
      intro={
        adult
          ? 'Record what you saw or heard, in your own words. A concern about an adult goes to the headteacher alone (to the trust, if it is about the headteacher), never to the person it is about.'
          : 'Record what you saw or heard, in your own words. The DSL is alerted at once.'
      }
    >
      <ErrorSummary problem={problem} labels={LABELS} />
      <form onSubmit={submit} noValidate aria-label="Raise a concern">
        <fieldset className="field" id="field-about">
          <legend>Who is the concern about?</legend>
          {(
            [
              ['pupil', 'A pupil or pupils'],
              ['staff', 'A member of staff'],
              ['named', 'Another adult: a volunteer, contractor, supply or agency worker, a visitor'],
              ['self', 'Myself: I am reporting something about me'],
            ] as const
          ).map(([code, text]) => (
            <div className="radio" key={code}>
              <input type="radio" name="about" id={`about-${code}`} checked={draft.about === code} onChange={() => set('about', code)} />
              <label htmlFor={`about-${code}`}>{text}</label>
            </div>
          ))}
        </fieldset>

        {draft.about === 'staff' && (
          <StaffSelect
            id="field-adultStaffId"
            field="adultStaffId"
            label="Which member of staff?"
            value={draft.adultStaffId}
            onChange={(id) => set('adultStaffId', id)}
            staff={staff.data ?? []}
            errors={errors}
            exclude={me ? [me.id] : []}
          />
        )}
        {draft.about === 'named' && (
          <>
            <div className="field">
              <label htmlFor="field-adultName">Their name</label>
              <FieldError field="adultName" errors={errors} />
              <input
                id="field-adultName"
                type="text"
                maxLength={200}
                value={draft.adultName}
                onChange={(e) => set('adultName', e.target.value)}
                {...describedBy('adultName', errors)}
              />
            </div>
            <div className="field">
              <label htmlFor="field-adultRole">What they do here (optional)</label>
              <input
                id="field-adultRole"
                type="text"
                maxLength={200}
                value={draft.adultRole}
                onChange={(e) => set('adultRole', e.target.value)}
              />
            </div>
          </>
        )}
        {adult && (
          <fieldset className="field" id="field-lowLevel" aria-describedby={errors.lowLevel ? 'error-lowLevel' : undefined}>
            <legend>Could it meet the harm threshold?</legend>
            <FieldError field="lowLevel" errors={errors} />
            <div className="radio">
              <input
                type="radio"
                name="lowLevel"
                id="lowLevel-no"
                checked={draft.lowLevel === false}
                onChange={() => set('lowLevel', false)}
                aria-describedby="lowLevel-no-hint"
              />
              <label htmlFor="lowLevel-no">Yes, or I am not sure: an allegation</label>
              <p className="hint" id="lowLevel-no-hint">
                They may have harmed a child, committed an offence against or related to a child, behaved towards a child in a way that
                suggests they may pose a risk, or in a way that shows they may not be suitable to work with children.
              </p>
            </div>
            <div className="radio">
              <input
                type="radio"
                name="lowLevel"
                id="lowLevel-yes"
                checked={draft.lowLevel === true}
                onChange={() => set('lowLevel', true)}
                aria-describedby="lowLevel-yes-hint"
              />
              <label htmlFor="lowLevel-yes">No: a low-level concern</label>
              <p className="hint" id="lowLevel-yes-hint">
                Something that does not meet that threshold but is not in keeping with the staff code of conduct, however small — even just
                a sense of unease.
              </p>
            </div>
          </fieldset>
        )}

        <PupilPicker
          field="pupilIds"
          legend={adult ? 'Were any pupils involved? (optional)' : 'Which pupil or pupils?'}
          chosen={draft.pupils}
          onChange={(p) => set('pupils', p)}
          errors={errors}
        />

        <fieldset
          className="field"
          id="field-categories"
          aria-describedby={`categories-hint${errors.categories ? ' error-categories' : ''}`}
        >
          <legend>What is the concern about?</legend>
          <p className="hint" id="categories-hint">
            Choose up to {MAX_CATEGORIES}. {draft.categories.length} chosen.
          </p>
          <FieldError field="categories" errors={errors} />
          <div className="checkbox-grid">
            {choices.map(({ code, label, guidance }) => {
              const checked = draft.categories.includes(code);
              return (
                <div className="checkbox" key={code}>
                  <input
                    type="checkbox"
                    id={`category-${code}`}
                    checked={checked}
                    disabled={!checked && full}
                    aria-describedby={guidance && checked ? `category-${code}-guidance` : undefined}
                    onChange={(e) =>
                      set('categories', e.target.checked ? [...draft.categories, code] : draft.categories.filter((c) => c !== code))
                    }
                  />
                  <label htmlFor={`category-${code}`}>{label}</label>
                  {/* The guidance of a chosen category: what to look for and what (not) to do. */}
                  {guidance && checked && (
                    <p className="hint" id={`category-${code}-guidance`} data-testid="category-guidance">
                      {guidance}
                    </p>
                  )}
                </div>
              );
            })}
          </div>
        </fieldset>

        <fieldset className="field" id="field-urgency">
          <legend>How urgent is it?</legend>
          <FieldError field="urgency" errors={errors} />
          {entries('urgencies').map(([code, text]) => (
            <div className="radio" key={code}>
              <input
                type="radio"
                name="urgency"
                id={`urgency-${code}`}
                value={code}
                checked={draft.urgency === code}
                onChange={() => set('urgency', code)}
                aria-describedby={`urgency-${code}-hint`}
              />
              <label htmlFor={`urgency-${code}`}>{text}</label>
              <p className="hint" id={`urgency-${code}-hint`}>
                {label('urgencyHints', code)}
              </p>
            </div>
          ))}
        </fieldset>

        <div className="field">
          <label htmlFor="field-summary">Summary in one line</label>
          <FieldError field="summary" errors={errors} />
          <input
            id="field-summary"
            type="text"
            maxLength={MAX_SUMMARY}
            value={draft.summary}
            onChange={(e) => set('summary', e.target.value)}
            {...describedBy('summary', errors, 'summary-count')}
          />
          <p className="hint" id="summary-count">
            {MAX_SUMMARY - draft.summary.length} of {MAX_SUMMARY} characters left
          </p>
        </div>

        <div className="field">
          <label htmlFor="field-details">What was seen or heard</label>
          <p className="hint" id="details-hint">
            Facts, and the pupil’s own words if they told you something. Do not investigate or ask leading questions.
          </p>
          <FieldError field="details" errors={errors} />
          <textarea
            id="field-details"
            rows={6}
            value={draft.details}
            onChange={(e) => set('details', e.target.value)}
            {...describedBy('details', errors, 'details-hint')}
          />
        </div>

        <div className="field">
          <label htmlFor="field-occurredAt">When did it happen?</label>
          <FieldError field="occurredAt" errors={errors} />
          <input
            id="field-occurredAt"
            type="datetime-local"
            value={draft.occurredAt}
            max={toLocalInput()}
            onChange={(e) => set('occurredAt', e.target.value)}
            {...describedBy('occurredAt', errors)}
          />
        </div>

        <div className="field checkbox" id="field-informedDslVerbally">
          <input
            type="checkbox"
            id="informed-dsl"
            checked={draft.informedDslVerbally}
            onChange={(e) => set('informedDslVerbally', e.target.checked)}
          />
          <label htmlFor="informed-dsl">I have also told the DSL in person</label>
          <FieldError field="informedDslVerbally" errors={errors} />
        </div>

        <details
          className="field"
          id="field-bodyMap"
          open={bodyMapOpen || !!errors.bodyMap}
          onToggle={(e) => setBodyMapOpen(e.currentTarget.open)}
        >
          <summary>Body map (optional): marks or injuries you saw</summary>
          <FieldError field="bodyMap" errors={errors} />
          <BodyMap
            chosen={regions}
            onToggle={(code) =>
              update((d) => {
                const bodyMap = { ...d.bodyMap };
                if (code in bodyMap) delete bodyMap[code];
                else bodyMap[code] = '';
                return { ...d, bodyMap };
              })
            }
          />
          {regions.map((code) => (
            <div className="field" key={code}>
              <label htmlFor={`region-note-${code}`}>What you saw on the {(label('bodyMapRegions', code) ?? code).toLowerCase()}</label>
              <input
                id={`region-note-${code}`}
                type="text"
                maxLength={500}
                value={draft.bodyMap[code]}
                onChange={(e) => update((d) => ({ ...d, bodyMap: { ...d.bodyMap, [code]: e.target.value } }))}
              />
            </div>
          ))}
        </details>

        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Sending…' : `Send to ${sendTo}`}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              if (window.confirm('Discard this concern? What you typed will be lost.')) {
                discard();
                setProblem(null);
              }
            }}
          >
            Discard
          </button>
        </div>
      </form>
    </Page>
  );
}
