import { useEffect, useId, useRef, useState } from 'react';
import { api, pupilName, rowsOf, type PupilSummary, type StaffSummary } from '../session/api.js';
import { getSession } from '../session/session.js';
import { label } from '../app/vocabulary.js';
import { describedBy, FieldError, useLoad, type FieldErrors } from './ui.js';

export interface ChosenPupil {
  id: string;
  name: string;
}

/** Names seen in pickers, so pages reached by id (a chronology) can still say whose it is. */
const knownPupils = new Map<string, string>();
export const knownPupilName = (id: string): string | undefined => knownPupils.get(id);

/**
 * Search by name and add pupils. Full names always: initials are ambiguous in a safeguarding record.
 * Results are buttons in a list, so the picker works by keyboard and with a screen reader.
 */
export function PupilPicker({
  field,
  legend,
  chosen,
  onChange,
  multiple = true,
  errors,
}: {
  field: string;
  legend: string;
  chosen: ChosenPupil[];
  onChange: (pupils: ChosenPupil[]) => void;
  multiple?: boolean;
  errors: FieldErrors;
}) {
  const id = useId();
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<PupilSummary[]>([]);
  const [status, setStatus] = useState('');
  const box = useRef<HTMLFieldSetElement>(null);
  const [refocus, setRefocus] = useState(0);

  // The button just pressed disappears with the results: keep keyboard users in the picker, on the
  // search box to add another, or on the name just chosen (never on its "Remove" button).
  useEffect(() => {
    if (refocus === 0) return;
    const into =
      box.current?.querySelector<HTMLElement>('input[type=search]') ?? box.current?.querySelector<HTMLElement>('.chosen [data-chosen]');
    into?.focus();
  }, [refocus]);

  useEffect(() => {
    const term = search.trim();
    if (term.length < 2) {
      setResults([]);
      setStatus('');
      return;
    }
    let live = true;
    setStatus('Searching…');
    const timer = window.setTimeout(() => {
      api.get<unknown>('/pupils', { search: term }).then(
        (body) => {
          if (!live) return;
          const rows = rowsOf<PupilSummary>(body, 'pupils');
          rows.forEach((p) => knownPupils.set(p.id, pupilName(p)));
          setResults(rows);
          setStatus(rows.length === 0 ? 'No pupils match.' : `${rows.length} pupil${rows.length === 1 ? '' : 's'} found.`);
        },
        () => live && setStatus('Could not search pupils. Try again.'),
      );
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [search]);

  const add = (p: PupilSummary) => {
    const pupil = { id: p.id, name: pupilName(p) };
    onChange(multiple ? [...chosen.filter((c) => c.id !== p.id), pupil] : [pupil]);
    setSearch('');
    setRefocus((n) => n + 1);
  };

  return (
    <fieldset ref={box} className="field" id={`field-${field}`} aria-describedby={errors[field] ? `error-${field}` : undefined}>
      <legend>{legend}</legend>
      {chosen.length > 0 && (
        <ul className="chosen" aria-label={multiple ? 'Chosen pupils' : 'Chosen pupil'}>
          {chosen.map((p) => (
            <li key={p.id}>
              <span data-chosen tabIndex={-1}>
                {p.name}
              </span>
              <button
                type="button"
                className="button-link"
                onClick={() => {
                  onChange(chosen.filter((c) => c.id !== p.id));
                  setRefocus((n) => n + 1);
                }}
              >
                Remove<span className="visually-hidden"> {p.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <FieldError field={field} errors={errors} />
      {(multiple || chosen.length === 0) && (
        <>
          <label htmlFor={`${id}-search`}>Search pupils by name</label>
          <p className="hint" id={`${id}-hint`}>
            Type at least 2 letters of a first or last name.
          </p>
          <input
            id={`${id}-search`}
            type="search"
            autoComplete="off"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-describedby={`${id}-hint ${id}-status`}
          />
          <p id={`${id}-status`} className="hint" role="status">
            {status}
          </p>
          {results.length > 0 && (
            <ul className="results" aria-label="Matching pupils">
              {results.map((p) => (
                <li key={p.id}>
                  <button type="button" className="button-secondary" onClick={() => add(p)} disabled={chosen.some((c) => c.id === p.id)}>
                    {multiple ? 'Add' : 'Choose'} {pupilName(p)}
                    {p.yearGroup !== undefined && p.yearGroup !== null ? ` (Year ${String(p.yearGroup).replace(/^Y(ear)?\s*/i, '')})` : ''}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </fieldset>
  );
}

let staffCache: Promise<StaffSummary[]> | undefined;

/** The school's staff, fetched once per page load for every staff picker. */
export function useStaff() {
  return useLoad(() => {
    staffCache ??= api.get<unknown>('/staff').then(
      (body) => rowsOf<StaffSummary>(body, 'staff'),
      (err: unknown) => {
        staffCache = undefined;
        throw err;
      },
    );
    return staffCache;
  }, []);
}

export const staffLabel = (s: StaffSummary): string => (s.jobRole ? `${s.name} (${label('jobRoles', s.jobRole)})` : s.name);

export function StaffSelect({
  id,
  label,
  value,
  onChange,
  staff,
  errors,
  field,
  exclude = [],
}: {
  id: string;
  label: string;
  value: string;
  onChange: (staffId: string) => void;
  staff: StaffSummary[];
  errors: FieldErrors;
  field: string;
  exclude?: string[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <FieldError field={field} errors={errors} />
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...describedBy(field, errors)}>
        <option value="">Choose a member of staff</option>
        {staff
          .filter((s) => s.id === value || !exclude.includes(s.id))
          .map((s) => (
            <option key={s.id} value={s.id}>
              {staffLabel(s)}
            </option>
          ))}
      </select>
    </div>
  );
}

export interface School {
  id: string;
  name: string;
}

let schoolsCache: { token: string; schools: Promise<School[]> } | undefined;

/** The trust's schools for trust-level users; empty when the server offers no list. */
export function useSchools(): School[] {
  const [schools, setSchools] = useState<School[]>([]);
  useEffect(() => {
    const token = getSession()?.token ?? '';
    if (schoolsCache?.token !== token) {
      schoolsCache = {
        token,
        schools: api.get<unknown>('/schools').then(
          (body) => rowsOf<School>(body, 'schools'),
          () => [],
        ),
      };
    }
    let live = true;
    void schoolsCache.schools.then((s) => live && setSchools(s));
    return () => {
      live = false;
    };
  }, []);
  return schools;
}
