import { useState } from 'react';
import { api, rowsOf } from '../session/api.js';
import { knownPupilName, PupilPicker, type ChosenPupil } from '../components/pickers.js';
import { Badge, LoadState, Page, useLoad } from '../components/ui.js';
import { href, navigate } from '../app/router.js';
import { formatDateTime } from '../components/time.js';
import { label } from '../app/vocabulary.js';

interface ChronologyEntry {
  occurredAt: string;
  recordedAt: string;
  late: boolean;
  kind: string;
  summary: string;
  ref: { concernId?: string; incidentId?: string };
}

export function ChronologyPickerPage() {
  const [chosen, setChosen] = useState<ChosenPupil[]>([]);
  return (
    <Page title="Pupil chronology" intro="Everything recorded about one pupil, in the order it happened. Opening a chronology is recorded.">
      <PupilPicker
        field="pupil"
        legend="Whose chronology?"
        multiple={false}
        chosen={chosen}
        onChange={(p) => {
          setChosen(p);
          if (p[0]) navigate(`/pupils/${p[0].id}/chronology`);
        }}
        errors={{}}
      />
    </Page>
  );
}

export function ChronologyPage({ pupilId }: { pupilId: string }) {
  const loaded = useLoad(
    () => api.get<unknown>(`/pupils/${encodeURIComponent(pupilId)}/chronology`).then((b) => rowsOf<ChronologyEntry>(b, 'entries')),
    [pupilId],
  );
  const name = knownPupilName(pupilId);
  const entries = [...(loaded.data ?? [])].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const late = entries.filter((e) => e.late).length;

  return (
    <Page title={name ? `Chronology: ${name}` : 'Pupil chronology'}>
      <p>
        <a href={href('/chronology')}>Choose another pupil</a>
      </p>
      <LoadState loaded={loaded} what="chronology" />
      {loaded.data && (
        <p>
          {entries.length} entr{entries.length === 1 ? 'y' : 'ies'}
          {late > 0 && `, ${late} recorded late`}.
        </p>
      )}
      {entries.length > 0 && (
        <ol className="timeline" aria-label="Chronology, oldest first">
          {entries.map((e, i) => (
            <li key={i} className={e.late ? 'late' : undefined}>
              <p className="timeline-when">
                <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time> {e.late && <Badge tone="warn">Recorded late</Badge>}
              </p>
              <h2 className="timeline-kind">{label('chronologyKinds', e.kind)}</h2>
              <p>{e.summary}</p>
              <p className="muted">
                Recorded {formatDateTime(e.recordedAt)}
                {e.ref.concernId && (
                  <>
                    {' · '}
                    <a href={href(`/concerns/${e.ref.concernId}`)}>Open the concern</a>
                  </>
                )}
                {e.ref.incidentId && (
                  <>
                    {' · '}
                    <a href={href(`/incidents/${e.ref.incidentId}`)}>Open the incident</a>
                  </>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Page>
  );
}
