import { useEffect, useState } from 'react';
import { entries, label } from '../app/vocabulary.js';
import { ErrorSummary, LoadState, Page, useCommand, useLoad } from '../components/ui.js';
import { api } from '../session/api.js';

interface Reference {
  courses: Record<string, { title: string; validityMonths: number }>;
  requiredByJobRole: Record<string, string[]>;
}

/** The trust's training reference data: how long each course is valid and which job roles need it. */
export function TrainingReferencePage() {
  const loaded = useLoad(() => api.get<Reference>('/training-reference'), []);
  const [draft, setDraft] = useState<Reference | null>(null);
  const cmd = useCommand(loaded.reload, 'reference data');
  useEffect(() => {
    if (loaded.data) setDraft(loaded.data);
  }, [loaded.data]);
  const courses = draft ? Object.keys(draft.courses) : [];

  return (
    <Page
      title="Training reference data"
      intro="Changing a validity period changes every expiry date computed from then on; certificates already recorded keep theirs."
    >
      <LoadState loaded={loaded} what="reference data" />
      <ErrorSummary problem={cmd.problem} />
      {draft && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void cmd.run(() => api.request('PUT', '/training-reference', { body: draft }), 'Reference data saved.');
          }}
          noValidate
          aria-label="Training reference data"
        >
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Courses, scrolls sideways">
            <table>
              <caption>Courses</caption>
              <thead>
                <tr>
                  <th scope="col">Course</th>
                  <th scope="col">Valid for (months)</th>
                </tr>
              </thead>
              <tbody>
                {courses.map((c) => (
                  <tr key={c}>
                    <th scope="row">
                      <label htmlFor={`validity-${c}`}>{draft.courses[c]!.title}</label>
                    </th>
                    <td>
                      <input
                        id={`validity-${c}`}
                        type="number"
                        min={1}
                        max={120}
                        value={draft.courses[c]!.validityMonths}
                        onChange={(e) =>
                          setDraft(
                            (d) =>
                              d && { ...d, courses: { ...d.courses, [c]: { ...d.courses[c]!, validityMonths: Number(e.target.value) } } },
                          )
                        }
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Courses each job role needs, scrolls sideways">
            <table className="matrix">
              <caption>Which job roles need which course</caption>
              <thead>
                <tr>
                  <th scope="col">Job role</th>
                  {courses.map((c) => (
                    <th scope="col" key={c}>
                      {label('courses', c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {entries('jobRoles').map(([role, roleLabel]) => (
                  <tr key={role}>
                    <th scope="row">{roleLabel}</th>
                    {courses.map((c) => {
                      const needed = draft.requiredByJobRole[role]?.includes(c) ?? false;
                      return (
                        <td key={c}>
                          <input
                            type="checkbox"
                            aria-label={`${roleLabel} needs ${draft.courses[c]!.title}`}
                            checked={needed}
                            onChange={(e) =>
                              setDraft(
                                (d) =>
                                  d && {
                                    ...d,
                                    requiredByJobRole: {
                                      ...d.requiredByJobRole,
                                      [role]: e.target.checked
                                        ? [...(d.requiredByJobRole[role] ?? []), c]
                                        : (d.requiredByJobRole[role] ?? []).filter((x) => x !== c),
                                    },
                                  },
                              )
                            }
                          />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="submit" disabled={cmd.busy}>
            Save reference data
          </button>
        </form>
      )}
    </Page>
  );
}
