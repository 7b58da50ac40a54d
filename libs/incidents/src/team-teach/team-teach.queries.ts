import { In, type EntityManager } from 'typeorm';
import { DEFAULT_ALERT_THRESHOLDS } from '#lib/alerts';
import { toIso } from '#lib/kernel';
import {
  TeamTeachCertificate,
  TeamTeachDebrief,
  TeamTeachIncidentRow,
  TeamTeachNotification,
  TeamTeachReview,
} from './team-teach.entities.js';
import { teamTeachChecks, type TeamTeachBreach, type TeamTeachChecks } from './team-teach.checks.js';

/**
 * How the parents stand: told (when), exempt (the DSL's or headteacher's reason; an exemption is
 * never shown as "notified"), not yet told while the day lasts, or not told.
 */
export type ParentNotificationStatus =
  | { status: 'notified'; notifiedAt: string }
  | { status: 'exempt'; reason: string; decidedAs: string | null }
  | { status: 'pending' }
  | { status: 'not_notified' };

export interface TeamTeachIncident {
  incidentId: string;
  pupilId: string;
  /** The pupil's name from the directory as it is now (named, not an id, in every audit table). */
  pupilName?: string | null;
  occurredAt: string;
  schoolId: string | null;
  interventionType: string | null;
  checks: TeamTeachChecks;
  breaches: TeamTeachBreach[];
  /** Checks not yet met whose window is still open (never breaches). */
  pending: (keyof TeamTeachChecks)[];
  parentNotification: ParentNotificationStatus;
}

export interface TeamTeachTotals {
  incidents: number;
  /** Every check met: no breach and nothing still pending. */
  fullyCompliant: number;
  /** Incidents with a check still inside its window (and no breach yet of it). */
  pending: number;
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
  /** The instant the audit speaks for (now, or a replay's asOf). */
  asOf: string;
  /** The debrief and review window (ALERT_DEBRIEF_SCHOOL_DAYS); 2 school days unless configured. */
  followUpSchoolDays?: number;
}

/** Each incident of the schools whose London date falls in [from, to], with its checks and breaches, and totals per school. */
export async function teamTeachAudit(db: EntityManager, q: TeamTeachQuery): Promise<TeamTeachAudit> {
  const incidents =
    q.schoolIds.length === 0
      ? []
      : await db
          .createQueryBuilder(TeamTeachIncidentRow, 'i')
          .where('i.schoolId IN (:...schoolIds)', { schoolIds: q.schoolIds })
          .andWhere("(i.occurredAt AT TIME ZONE 'Europe/London')::date BETWEEN CAST(:from AS date) AND CAST(:to AS date)", {
            from: q.from,
            to: q.to,
          })
          .orderBy('i.occurredAt')
          .addOrderBy('i.incidentId')
          .getMany();
  const ids = incidents.map((i) => i.incidentId);
  const staffIds = [...new Set(incidents.flatMap((i) => i.staffIds))];
  const notifications = await db.findBy(TeamTeachNotification, { incidentId: In(ids) });
  const debriefs = await db.findBy(TeamTeachDebrief, { incidentId: In(ids) });
  const reviews = await db.findBy(TeamTeachReview, { incidentId: In(ids) });
  const certificates = await db.findBy(TeamTeachCertificate, { staffId: In(staffIds) });
  const reviewed = new Set(reviews.map((r) => r.incidentId));

  const audited: TeamTeachIncident[] = incidents.map((i) => {
    const own = notifications
      .filter((n) => n.incidentId === i.incidentId)
      .map((n) => ({
        notifiedAt: n.notifiedAt ? toIso(n.notifiedAt) : null,
        exempted: n.exempted,
        exemptionReason: n.exemptionReason,
        decidedAs: n.decidedAs,
      }));
    const { checks, breaches, pending } = teamTeachChecks({
      occurredAt: toIso(i.occurredAt),
      recordedAt: toIso(i.recordedAt),
      staff: i.staffHolds,
      notifications: own,
      debriefKinds: debriefs.filter((d) => d.incidentId === i.incidentId).map((d) => d.kind),
      reviewed: reviewed.has(i.incidentId),
      certificates: certificates.filter((c) => i.staffIds.includes(c.staffId)),
      asOf: q.asOf,
      followUpSchoolDays: q.followUpSchoolDays ?? DEFAULT_ALERT_THRESHOLDS.debriefSchoolDays,
    });
    return {
      incidentId: i.incidentId,
      pupilId: i.pupilId,
      occurredAt: toIso(i.occurredAt),
      schoolId: i.schoolId,
      interventionType: i.interventionType,
      checks,
      breaches,
      pending,
      parentNotification: parentNotificationStatus(own, checks.parentNotifiedSameDay === 'pending'),
    };
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
    hold_above_certified_level: 0,
  };
  for (const i of incidents) for (const b of i.breaches) byCode[b] += 1;
  return {
    incidents: incidents.length,
    fullyCompliant: incidents.filter((i) => i.breaches.length === 0 && i.pending.length === 0).length,
    pending: incidents.filter((i) => i.pending.length > 0).length,
    breaches: incidents.reduce((n, i) => n + i.breaches.length, 0),
    byCode,
  };
}

function parentNotificationStatus(
  notifications: { notifiedAt: string | null; exempted: boolean; exemptionReason: string | null; decidedAs: string | null }[],
  pending: boolean,
): ParentNotificationStatus {
  // An exemption stands for the record even if someone also rang (it is the decision an auditor reviews).
  const exemption = notifications.find((n) => n.exempted);
  if (exemption) return { status: 'exempt', reason: exemption.exemptionReason ?? '', decidedAs: exemption.decidedAs };
  const told = notifications
    .map((n) => n.notifiedAt)
    .filter((t): t is string => t !== null)
    .sort()[0];
  if (told) return { status: 'notified', notifiedAt: told };
  return pending ? { status: 'pending' } : { status: 'not_notified' };
}
