import { useState } from 'react';
import { href, navigate } from '../app/router.js';
import { label } from '../app/vocabulary.js';
import { PupilPicker, type ChosenPupil } from '../components/pickers.js';
import { formatDateTime } from '../components/time.js';
import { LoadState, Page, useLoad } from '../components/ui.js';
import { api } from '../session/api.js';

interface View {
  viewerId: string;
  viewerName: string;
  viewerRoles: string[];
  subjectType: string;
  viewedAt: string;
}

const SUBJECT_WORDS: Record<string, string> = { concern: 'concern', incident: 'incident', chronology: 'chronology' };

/**
 * Who opened a record and when. Reached from a concern or an incident ("Who viewed this record"),
 * or by choosing a pupil for who opened their chronology.
 */
export function ViewsPage({ subject }: { subject?: string }) {
  const [chosen, setChosen] = useState<ChosenPupil[]>([]);
  const loaded = useLoad(() => (subject ? api.list<View>('/audit/views', { subject }) : Promise.resolve(undefined)), [subject]);
  const views = [...(loaded.data ?? [])].sort((a, b) => b.viewedAt.localeCompare(a.viewedAt));
  const kind = views[0] ? (SUBJECT_WORDS[views[0].subjectType] ?? 'record') : 'record';

  return (
    <Page
      title="Who viewed a record"
      intro="Every opening of a concern, an incident or a pupil's chronology is recorded, with who and when."
    >
      <PupilPicker
        field="viewsPupil"
        legend="Whose chronology?"
        multiple={false}
        chosen={chosen}
        onChange={(p) => {
          setChosen(p);
          if (p[0]) navigate(`/audit/views?subject=${p[0].id}`);
        }}
        errors={{}}
      />
      <p className="hint">For a concern or an incident, use “Who viewed this record” on the record itself.</p>
      {subject && <LoadState loaded={loaded} what="views" />}
      {subject && loaded.data && views.length === 0 && <p>Nobody you may know about has opened this record.</p>}
      {views.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>
              {views.length} view{views.length === 1 ? '' : 's'} of this {kind}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {views.map((v, i) => (
                <tr key={`${v.viewedAt}-${i}`}>
                  <td>{formatDateTime(v.viewedAt)}</td>
                  <th scope="row">{v.viewerName}</th>
                  <td>{v.viewerRoles.map((r) => label('roles', r)).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {subject && views[0] && (
        <p>
          <a
            href={href(
              `/audit/history?stream=${encodeURIComponent(`${views[0].subjectType === 'chronology' ? 'pupil' : views[0].subjectType}-${subject}`)}`,
            )}
          >
            This record’s history
          </a>
        </p>
      )}
    </Page>
  );
}
