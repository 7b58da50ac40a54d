import { useState } from 'react';
import { href } from '../app/router.js';
import { isLead } from '../app/screens.js';
import { label } from '../app/vocabulary.js';
import { formatDateTime } from '../components/time.js';
import { Badge, LoadState, Page, useLoad } from '../components/ui.js';
import { api } from '../session/api.js';
import { useSession } from '../session/session.js';

export interface IncidentListItem {
  id: string;
  pupil: { id: string; name: string | null };
  occurredAt: string;
  location: string;
  forceType: string;
  involvesMe: boolean;
  outstanding: string[];
}

/**
 * The restraints a member of staff recorded or took part in, with what is still to do, so the
 * assistant who recorded one can get back to it for the debrief. Leads also see the whole school's.
 */
export function IncidentsPage() {
  const user = useSession()?.user;
  const lead = !!user && isLead(user);
  const [mineOnly, setMineOnly] = useState(!lead);
  const loaded = useLoad(() => api.list<IncidentListItem>('/incidents', { mine: mineOnly ? 'true' : undefined }), [mineOnly]);
  const rows = loaded.data ?? [];
  const waiting = rows.filter((r) => r.outstanding.length > 0).length;

  return (
    <Page
      title={mineOnly ? 'My incidents' : 'Incidents'}
      intro="Restraints and physical interventions, newest first, with the follow-ups still to do."
    >
      <p>
        <a className="button" href={href('/incidents/new')}>
          Record a restraint
        </a>
      </p>
      {lead && (
        <div className="checkbox">
          <input id="mine-only" type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} />
          <label htmlFor="mine-only">Only incidents I recorded or took part in</label>
        </div>
      )}
      <LoadState loaded={loaded} what="incidents" />
      {loaded.data && rows.length === 0 && <p>No incidents to show.</p>}
      {rows.length > 0 && (
        <>
          <p role="status">{waiting === 0 ? 'Every follow-up is done.' : `${waiting} with follow-ups still to do.`}</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Incidents and their follow-ups</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Pupil</th>
                  <th scope="col">Where</th>
                  <th scope="col">Still to do</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid="incident-row">
                    <th scope="row">
                      <a href={href(`/incidents/${r.id}`)}>
                        {formatDateTime(r.occurredAt)}
                        <span className="visually-hidden">: {label('forceTypes', r.forceType)}</span>
                      </a>
                    </th>
                    <td>{r.pupil.name ?? 'Name not on record'}</td>
                    <td>{r.location}</td>
                    <td>
                      {r.outstanding.length === 0 ? (
                        <Badge tone="ok">✓ All done</Badge>
                      ) : (
                        <ul className="plain-list">
                          {r.outstanding.map((f) => (
                            <li key={f}>
                              <Badge tone="warn">! {label('incidentFollowUps', f)}</Badge>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}
