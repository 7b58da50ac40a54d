import { href } from '../app/router.js';
import { entries, label } from '../app/vocabulary.js';
import { formatDateTime } from '../components/time.js';
import { Badge } from '../components/ui.js';

/** A check is true, false, or (from a server that says so) still inside its window. */
export type Check = boolean | 'pending';

export interface AuditedIncident {
  incidentId: string;
  pupilId?: string;
  pupilName?: string | null;
  occurredAt: string;
  schoolId?: string | null;
  school?: string;
  checks: Record<string, Check>;
  breaches: string[];
  /** How the parents stand: an exemption (the DSL's or head's decision) is shown as such, never as "notified". */
  parentNotification?: { status: string; reason?: string };
}

const london = (d: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** School days (Monday to Friday) from the incident's date to `now`'s date, not counting the first. */
function schoolDaysSince(iso: string, now: Date): number {
  const day = new Date(`${london(new Date(iso))}T12:00:00Z`);
  const today = london(now);
  let n = 0;
  while (london(day) < today) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) n += 1;
  }
  return n;
}

/** How long each follow-up may take: the same day for the record and the parent, 2 school days for debriefs. */
const WINDOW_SCHOOL_DAYS: Record<string, number> = { parentNotifiedSameDay: 0, pupilDebriefHeld: 2, staffDebriefHeld: 2, reviewed: 2 };

/**
 * A follow-up not done yet but still inside its window is pending, not a breach: the Team Teach
 * dashboard counts only what is late. The server's own `pending` is taken as it is.
 */
export function checkState(incident: AuditedIncident, check: string, now: Date): 'yes' | 'no' | 'pending' {
  const value = incident.checks[check];
  if (value === 'pending') return 'pending';
  if (value) return 'yes';
  const window = WINDOW_SCHOOL_DAYS[check];
  return window !== undefined && schoolDaysSince(incident.occurredAt, now) <= window ? 'pending' : 'no';
}

const BREACH_OF_CHECK: Record<string, string> = {
  recordedSameDay: 'restraint_recorded_late',
  parentNotifiedSameDay: 'parent_not_notified',
  pupilDebriefHeld: 'pupil_debrief_missing',
  staffDebriefHeld: 'staff_debrief_missing',
  reviewed: 'not_reviewed',
  allStaffCertified: 'uncertified_restraint',
  holdsWithinCertifiedLevel: 'hold_above_certified_level',
};

/** The breaches that are late, leaving out those still inside their window. */
export function lateBreaches(incident: AuditedIncident, now: Date): string[] {
  const pending = new Set(
    Object.keys(incident.checks)
      .filter((c) => checkState(incident, c, now) === 'pending')
      .map((c) => BREACH_OF_CHECK[c]),
  );
  return incident.breaches.filter((b) => !pending.has(b));
}

const STATE_BADGE = {
  yes: <Badge tone="ok">✓ Yes</Badge>,
  no: <Badge tone="bad">✗ No</Badge>,
  pending: <Badge tone="warn">… Not yet due</Badge>,
};

/** The incidents with each check, the pupil by name, and only late items as breaches. */
export function TeamTeachTable({
  incidents,
  caption,
  now = new Date(),
  showSchool = false,
}: {
  incidents: AuditedIncident[];
  caption: string;
  now?: Date;
  showSchool?: boolean;
}) {
  const checks = entries('teamTeachChecks');
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`${caption}, scrolls sideways`}>
      <table data-testid="team-teach-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Pupil</th>
            {showSchool && <th scope="col">School</th>}
            {checks.map(([code, text]) => (
              <th scope="col" key={code}>
                {text}
              </th>
            ))}
            <th scope="col">Breaches</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => {
            const late = lateBreaches(i, now);
            return (
              <tr key={i.incidentId}>
                <th scope="row">
                  <a href={href(`/incidents/${i.incidentId}`)}>{formatDateTime(i.occurredAt)}</a>
                </th>
                <td>{i.pupilName ?? 'Name not on record'}</td>
                {showSchool && <td>{i.school ?? '—'}</td>}
                {checks.map(([code]) => (
                  <td key={code}>
                    {code === 'parentNotifiedSameDay' && i.parentNotification?.status === 'exempt' ? (
                      <>
                        <Badge tone="warn">Exempt</Badge> <span className="muted">{i.parentNotification.reason}</span>
                      </>
                    ) : (
                      STATE_BADGE[checkState(i, code, now)]
                    )}
                  </td>
                ))}
                <td>
                  {late.length === 0 ? (
                    <Badge tone="ok">None</Badge>
                  ) : (
                    <ul className="plain-list">
                      {late.map((b) => (
                        <li key={b}>{label('teamTeachBreaches', b)}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
