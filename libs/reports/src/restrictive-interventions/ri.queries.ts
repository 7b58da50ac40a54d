import type { EntityManager } from 'typeorm';
import type { ReportIncident } from './ri.types.js';

export interface ReportQuery {
  schoolIds: string[];
  /** YYYY-MM-DD, inclusive, by the incident's date in London. */
  from: string;
  to: string;
}

/**
 * The incidents of the schools in the period, each with the pupil's vulnerability record in force
 * when it happened (the latest that took effect at or before the incident started).
 */
export async function reportIncidents(db: EntityManager, q: ReportQuery): Promise<ReportIncident[]> {
  if (q.schoolIds.length === 0) return [];
  const rows: {
    incident_id: string;
    school_id: string | null;
    pupil_id: string;
    occurred_at: Date;
    ended_at: Date;
    force_type: string;
    staff_ids: string[];
    sen: boolean;
    ehcp: boolean;
    pupil_injured: boolean;
    staff_injured: boolean;
    year_group: string | null;
    status_id: string | null;
    looked_after: boolean | null;
    previously_looked_after: boolean | null;
    child_protection_plan: boolean | null;
    child_in_need: boolean | null;
    disability: boolean | null;
    sex: string | null;
  }[] = await db.query(
    `SELECT i.incident_id, i.school_id, i.pupil_id, i.occurred_at, i.ended_at, i.force_type, i.staff_ids, i.sen, i.ehcp,
            i.pupil_injured, i.staff_injured, p.year_group, s.event_id AS status_id, s.looked_after, s.previously_looked_after,
            s.child_protection_plan, s.child_in_need, s.disability, s.sex
       FROM ri_incidents i
       LEFT JOIN ri_pupils p ON p.pupil_id = i.pupil_id
       LEFT JOIN LATERAL (
         SELECT * FROM ri_pupil_status s WHERE s.pupil_id = i.pupil_id AND s.effective_at <= i.occurred_at
          ORDER BY s.effective_at DESC, s.position DESC LIMIT 1
       ) s ON true
      WHERE i.school_id = ANY ($1::text[])
        AND (i.occurred_at AT TIME ZONE 'Europe/London')::date BETWEEN $2::date AND $3::date
      ORDER BY i.occurred_at, i.incident_id`,
    [q.schoolIds, q.from, q.to],
  );
  return rows.map((r) => ({
    incidentId: r.incident_id,
    schoolId: r.school_id,
    pupilId: r.pupil_id,
    occurredAt: r.occurred_at.toISOString(),
    // Whole minutes rounded up, as the incident records them: a restraint is never under-reported.
    durationMinutes: Math.max(0, Math.ceil((r.ended_at.getTime() - r.occurred_at.getTime()) / 60_000)),
    forceType: r.force_type,
    staffIds: r.staff_ids,
    sen: r.sen,
    ehcp: r.ehcp,
    pupilInjured: r.pupil_injured,
    staffInjured: r.staff_injured,
    yearGroup: r.year_group,
    status:
      r.status_id === null
        ? null
        : {
            lookedAfter: r.looked_after,
            previouslyLookedAfter: r.previously_looked_after,
            childProtectionPlan: r.child_protection_plan,
            childInNeed: r.child_in_need,
            disability: r.disability,
            sex: r.sex,
          },
  }));
}
