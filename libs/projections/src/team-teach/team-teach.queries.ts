import type pg from 'pg';
import { toIso } from '../shared/dates.js';
import { teamTeachChecks, type TeamTeachBreach, type TeamTeachChecks } from './team-teach.checks.js';

export interface TeamTeachIncident {
  incidentId: string;
  occurredAt: string;
  schoolId: string | null;
  checks: TeamTeachChecks;
  breaches: TeamTeachBreach[];
}

export interface TeamTeachTotals {
  incidents: number;
  fullyCompliant: number;
  /** Breaches counted across incidents (an incident may have several). */
  breaches: number;
  byCode: Record<TeamTeachBreach, number>;
}

export interface TeamTeachAudit {
  from: string;
  to: string;
  summary: TeamTeachTotals;
  schools: ({ schoolId: string | null } & TeamTeachTotals)[];
  incidents: TeamTeachIncident[];
}

export interface TeamTeachQuery {
  schoolIds: string[];
  /** YYYY-MM-DD, inclusive, by the incident's date in London. */
  from: string;
  to: string;
}

/** Each incident of the schools whose London date falls in [from, to], with its checks and breaches, and totals per school. */
export async function teamTeachAudit(db: pg.PoolClient, q: TeamTeachQuery): Promise<TeamTeachAudit> {
  const { rows: incidents } = await db.query<{
    incident_id: string;
    school_id: string | null;
    occurred_at: Date;
    recorded_at: Date;
    staff_ids: string[];
  }>(
    `SELECT incident_id, school_id, occurred_at, recorded_at, staff_ids FROM incidents
      WHERE school_id = ANY($1) AND (occurred_at AT TIME ZONE 'Europe/London')::date BETWEEN $2::date AND $3::date
      ORDER BY occurred_at, incident_id`,
    [q.schoolIds, q.from, q.to],
  );
  const ids = incidents.map((i) => i.incident_id);
  const staffIds = [...new Set(incidents.flatMap((i) => i.staff_ids))];
  const { rows: notifications } = await db.query<{ incident_id: string; notified_at: Date | null; exempted: boolean }>(
    'SELECT incident_id, notified_at, exempted FROM notifications WHERE incident_id = ANY($1)',
    [ids],
  );
  const { rows: debriefs } = await db.query<{ incident_id: string; kind: string }>(
    'SELECT incident_id, kind FROM debriefs WHERE incident_id = ANY($1)',
    [ids],
  );
  const { rows: reviews } = await db.query<{ incident_id: string }>(
    'SELECT DISTINCT incident_id FROM reviews WHERE incident_id = ANY($1)',
    [ids],
  );
  const { rows: certificates } = await db.query<{ staff_id: string; course: string; completed_on: string; expires_on: string }>(
    'SELECT staff_id, course, completed_on, expires_on FROM certificates WHERE staff_id = ANY($1)',
    [staffIds],
  );
  const reviewed = new Set(reviews.map((r) => r.incident_id));
  const certs = certificates.map((c) => ({ staffId: c.staff_id, course: c.course, completedOn: c.completed_on, expiresOn: c.expires_on }));

  const audited: TeamTeachIncident[] = incidents.map((i) => {
    const { checks, breaches } = teamTeachChecks({
      occurredAt: toIso(i.occurred_at),
      recordedAt: toIso(i.recorded_at),
      staffIds: i.staff_ids,
      notifications: notifications
        .filter((n) => n.incident_id === i.incident_id)
        .map((n) => ({ notifiedAt: n.notified_at ? toIso(n.notified_at) : null, exempted: n.exempted })),
      debriefKinds: debriefs.filter((d) => d.incident_id === i.incident_id).map((d) => d.kind),
      reviewed: reviewed.has(i.incident_id),
      certificates: certs.filter((c) => i.staff_ids.includes(c.staffId)),
    });
    return { incidentId: i.incident_id, occurredAt: toIso(i.occurred_at), schoolId: i.school_id, checks, breaches };
  });

  const schoolIds = [...new Set(audited.map((i) => i.schoolId))];
  return {
    from: q.from,
    to: q.to,
    summary: totals(audited),
    schools: schoolIds.map((schoolId) => ({ schoolId, ...totals(audited.filter((i) => i.schoolId === schoolId)) })),
    incidents: audited,
  };
}

function totals(incidents: TeamTeachIncident[]): TeamTeachTotals {
  const byCode = {
    restraint_recorded_late: 0,
    parent_not_notified: 0,
    pupil_debrief_missing: 0,
    staff_debrief_missing: 0,
    not_reviewed: 0,
    uncertified_restraint: 0,
  };
  for (const i of incidents) for (const b of i.breaches) byCode[b] += 1;
  return {
    incidents: incidents.length,
    fullyCompliant: incidents.filter((i) => i.breaches.length === 0).length,
    breaches: incidents.reduce((n, i) => n + i.breaches.length, 0),
    byCode,
  };
}
