import { alertRules, type AlertActions, type AlertNeed, type AlertThresholds } from '#lib/alerts';
import type { PupilEvent } from '#lib/pupils';
import { isCertifiedOn, PHYSICAL_INTERVENTION_COURSES, type StaffEvent } from '#lib/workforce';
import { holdsNotCovered } from '../domain/hold-levels.js';
import { addSchoolDays, endOfLondonDay, londonDate } from '#lib/kernel';
import type { IncidentEvent } from '../domain/events.js';
import {
  INCIDENT_FORCE_TYPE_LABELS,
  type IncidentForceType,
  INTERVENTION_TYPE_LABELS,
  type InterventionType,
  involvedKey,
  type StaffInvolvement,
  TEAM_TEACH_HOLD_LABELS,
  type TeamTeachHold,
} from '../domain/vocabulary.js';
import { AlertBehaviourPlan, AlertRestraint, AlertRestraintCertificate } from './incident-alert.entities.js';
import { IncidentAlertTables1796139533647 } from './migrations/1796139533647-incident-alert-tables.js';

export const INCIDENT_ALERT_KINDS = [
  'restraint_recorded',
  'restraint_recorded_late',
  'parent_not_notified',
  'debrief_overdue',
  'uncertified_restraint',
  'repeat_restraint',
] as const;

const DAY_MS = 86_400_000;
const DEBRIEF_KINDS = ['pupil', 'staff'] as const;

const incidentIdOf = (streamId: string) => streamId.slice('incident-'.length);

// Messages are read by people: codes in them are said in words (a hold outside the list stays as named).
const holdLabel = (h: string): string => TEAM_TEACH_HOLD_LABELS[h as TeamTeachHold] ?? h.replace(/_/g, ' ');

/** The reads of the timers an incident arms (before they are re-armed or disarmed). */
function incidentTimers(need: AlertNeed, incidentId: string): void {
  need.timers('parent_not_notified', incidentId);
  for (const kind of DEBRIEF_KINDS) need.timers('debrief_overdue', `${incidentId}:${kind}`);
}

function certificatesOf(need: AlertNeed, staff: readonly StaffInvolvement[]): void {
  for (const s of staff) if (s.holds.length > 0 && s.staffId) need.where(AlertRestraintCertificate, { staffId: s.staffId });
}

/**
 * The restraint rules: every restraint is reported, a late record, parents not told by the end of
 * the day, debriefs not held in time, holds used without an in-date certificate, and repeated
 * restraints of one pupil.
 */
export function incidentAlertRules(t: AlertThresholds) {
  function armIncidentTimers(a: AlertActions, incidentId: string, armedAt: Date): void {
    const r = a.rows.of(AlertRestraint).get({ incidentId });
    if (!r) return;
    const date = londonDate(r.occurredAt.toISOString());
    const base = { escalationLevel: 0 as const, audience: 'dsl' as const, schoolId: r.schoolId };
    const subject = { pupilId: r.pupilId, incidentId };
    if (!r.parentNotifiedAt) {
      a.arm(incidentId, endOfLondonDay(date), armedAt, {
        ...base,
        cause: `parent_not_notified:${incidentId}`,
        kind: 'parent_not_notified',
        priority: 'high',
        subject,
        message: `Parents were not recorded as notified by the end of ${date}, the day of the restraint`,
      });
    }
    const debriefDue = addSchoolDays(date, t.debriefSchoolDays);
    for (const kind of DEBRIEF_KINDS) {
      if ((kind === 'pupil' ? r.pupilDebriefAt : r.staffDebriefAt) !== null) continue;
      a.arm(`${incidentId}:${kind}`, endOfLondonDay(debriefDue), armedAt, {
        ...base,
        cause: `debrief_overdue:${incidentId}:${kind}`,
        kind: 'debrief_overdue',
        priority: 'medium',
        subject,
        message: `No ${kind} debrief recorded within ${t.debriefSchoolDays} school days of the restraint on ${date} (due by ${debriefDue})`,
      });
    }
  }

  function checkCertificates(
    a: AlertActions,
    incident: { incidentId: string; pupilId: string; occurredAt: string; schoolId: string; staffInvolved: StaffInvolvement[] },
    raisedAt: Date,
  ): void {
    const date = londonDate(incident.occurredAt);
    for (const s of incident.staffInvolved) {
      if (s.holds.length === 0) continue;
      // Someone not registered (agency, volunteer) has no certificate on record: the school cannot show they were trained.
      const certificates = s.staffId ? a.rows.of(AlertRestraintCertificate).where({ staffId: s.staffId }) : [];
      const certified = isCertifiedOn(certificates, PHYSICAL_INTERVENTION_COURSES, date);
      const uncovered = certified ? holdsNotCovered(certificates, PHYSICAL_INTERVENTION_COURSES, s.holds, date) : s.holds;
      if (uncovered.length === 0) continue;
      const who = s.staffId ? 'A member of staff' : `${s.name ?? 'Someone'} (${s.roleDescription ?? 'not registered'})`;
      a.raise(
        {
          cause: `uncertified_restraint:${incident.incidentId}:${involvedKey(s)}`,
          kind: 'uncertified_restraint',
          priority: 'high',
          escalationLevel: 0,
          audience: 'dsl',
          schoolId: incident.schoolId,
          subject: { pupilId: incident.pupilId, incidentId: incident.incidentId, ...(s.staffId ? { staffId: s.staffId } : {}) },
          message: certified
            ? `${who} used ${uncovered.map(holdLabel).join(', ')} on ${date}, which the level of their in-date certificate does not cover`
            : `${who} used ${s.holds.map(holdLabel).join(', ')} on ${date} without an in-date physical-intervention certificate`,
        },
        raisedAt,
      );
    }
  }

  return alertRules<IncidentEvent | StaffEvent | PupilEvent>()({
    family: 'incidents',
    kinds: INCIDENT_ALERT_KINDS,
    entities: [AlertRestraint, AlertRestraintCertificate, AlertBehaviourPlan],
    migrations: [IncidentAlertTables1796139533647],
    handlers: {
      IncidentRecorded: {
        needs: (e, need) => {
          certificatesOf(need, e.data.staffInvolved);
          need.where(AlertRestraint, { pupilId: e.data.pupilId });
          need.key(AlertBehaviourPlan, { pupilId: e.data.pupilId });
          need.claims('repeat_restraint', e.data.pupilId);
        },
        act: (e, a) => {
          const schoolId = e.metadata.schoolId;
          if (!schoolId) return;
          const d = e.data;
          const recordedAt = new Date(e.recordedAt);
          const occurredAt = new Date(d.occurredAt);
          const restraints = a.rows.of(AlertRestraint);
          const inserted = restraints.insert({
            incidentId: d.incidentId,
            schoolId,
            pupilId: d.pupilId,
            occurredAt,
            recordedAt,
            staffInvolved: d.staffInvolved,
            parentNotifiedAt: null,
            pupilDebriefAt: null,
            staffDebriefAt: null,
          });
          if (!inserted) return;
          const subject = { pupilId: d.pupilId, incidentId: d.incidentId };
          const base = { escalationLevel: 0 as const, audience: 'dsl' as const, schoolId, subject };
          const date = londonDate(d.occurredAt);
          a.raise(
            {
              ...base,
              cause: `restraint_recorded:${d.incidentId}`,
              kind: 'restraint_recorded',
              priority: 'medium',
              message: restraintMessage(d),
            },
            recordedAt,
          );
          const recordedOn = londonDate(e.recordedAt);
          if (recordedOn > date) {
            a.raise(
              {
                ...base,
                cause: `restraint_recorded_late:${d.incidentId}`,
                kind: 'restraint_recorded_late',
                priority: 'medium',
                message: `A restraint on ${date} was recorded on ${recordedOn}, not on the day it happened`,
              },
              recordedAt,
            );
          }
          armIncidentTimers(a, d.incidentId, recordedAt);
          checkCertificates(a, { ...d, schoolId }, recordedAt);
          const plan = a.rows.of(AlertBehaviourPlan).get({ pupilId: d.pupilId });
          a.cluster({
            kind: 'repeat_restraint',
            subject: d.pupilId,
            items: restraints.where({ pupilId: d.pupilId }).map((r) => ({ id: r.incidentId, at: r.occurredAt })),
            added: { id: d.incidentId, at: occurredAt },
            windowEnd: (start) => new Date(start.getTime() + t.repeatRestraintDays * DAY_MS),
            count: t.repeatRestraintCount,
            raisedAt: recordedAt,
            alert: (cause, n) => ({
              ...base,
              cause,
              kind: 'repeat_restraint',
              priority: 'high',
              message: plan
                ? `${n} restraints of this pupil within ${t.repeatRestraintDays} days: review the behaviour support plan (next review due ${plan.reviewDueOn})`
                : `${n} restraints of this pupil within ${t.repeatRestraintDays} days, and no behaviour support plan is recorded: write one`,
            }),
          });
        },
      },
      IncidentCorrected: {
        needs: (e, need) => {
          const incidentId = incidentIdOf(e.streamId);
          need.key(AlertRestraint, { incidentId });
          if (e.data.field === 'occurredAt') incidentTimers(need, incidentId);
          if (e.data.field === 'staffInvolved') certificatesOf(need, e.data.value);
        },
        act: (e, a) => {
          const incidentId = incidentIdOf(e.streamId);
          const recordedAt = new Date(e.recordedAt);
          const restraints = a.rows.of(AlertRestraint);
          const c = e.data;
          if (c.field === 'occurredAt') {
            restraints.update({ incidentId }, { occurredAt: new Date(c.value) });
            // Timers not yet fired move with the corrected date; alerts already raised stay.
            a.disarm('parent_not_notified', incidentId);
            for (const kind of DEBRIEF_KINDS) a.disarm('debrief_overdue', `${incidentId}:${kind}`);
            armIncidentTimers(a, incidentId, recordedAt);
          } else if (c.field === 'staffInvolved') {
            const r = restraints.update({ incidentId }, { staffInvolved: c.value });
            if (r) {
              checkCertificates(
                a,
                { incidentId, pupilId: r.pupilId, occurredAt: r.occurredAt.toISOString(), schoolId: r.schoolId, staffInvolved: c.value },
                recordedAt,
              );
            }
          }
        },
      },
      ParentNotified: parentTold(),
      ParentNotificationExempted: {
        needs: (e, need) => {
          parentTold().needs(e, need);
          need.alert(`parent_not_notified:${incidentIdOf(e.streamId)}`);
        },
        act: (e, a) => {
          parentTold().act(e, a);
          // Decided by the DSL or headteacher: parents are not to be told, so the reminder is settled.
          if (e.data.decidedAs) {
            const incidentId = incidentIdOf(e.streamId);
            a.resolve(
              `parent_not_notified:${incidentId}`,
              new Date(e.recordedAt),
              e.data.recordedBy,
              'Parents not told: the DSL or headteacher recorded that telling them would put the child at risk of significant harm',
            );
          }
        },
      },
      DebriefHeld: {
        needs: (e, need) => {
          const incidentId = incidentIdOf(e.streamId);
          need.key(AlertRestraint, { incidentId });
          need.timers('debrief_overdue', `${incidentId}:${e.data.kind}`);
        },
        act: (e, a) => {
          const incidentId = incidentIdOf(e.streamId);
          const heldAt = new Date(e.recordedAt);
          a.rows
            .of(AlertRestraint)
            .update({ incidentId }, e.data.kind === 'pupil' ? { pupilDebriefAt: heldAt } : { staffDebriefAt: heldAt });
          a.disarm('debrief_overdue', `${incidentId}:${e.data.kind}`);
        },
      },
      BehaviourPlanRecorded: (e, a) => {
        a.rows.of(AlertBehaviourPlan).put({ pupilId: e.streamId.slice('pupil-'.length), reviewDueOn: e.data.reviewDueOn });
      },
      BehaviourPlanReviewed: (e, a) => {
        a.rows.of(AlertBehaviourPlan).put({ pupilId: e.streamId.slice('pupil-'.length), reviewDueOn: e.data.nextReviewDueOn });
      },
      TrainingCompleted: (e, a) => {
        const d = e.data;
        a.rows.of(AlertRestraintCertificate).insert({
          completionId: d.completionId,
          staffId: e.streamId.slice('staff-'.length),
          course: d.course,
          completedOn: d.completedOn,
          expiresOn: d.expiresOn,
        });
      },
    },
  });
}

/** A v1 record (with its force type) is announced as it always was, so a rebuild reads the same inbox. */
function restraintMessage(d: {
  forceType?: IncidentForceType;
  interventionType: InterventionType;
  durationMinutes: number;
  occurredAt: string;
}) {
  const date = londonDate(d.occurredAt);
  if (d.forceType !== undefined) {
    return `Physical intervention recorded (${INCIDENT_FORCE_TYPE_LABELS[d.forceType].toLowerCase()}, ${d.durationMinutes} min) on ${date}`;
  }
  return `Restrictive intervention recorded (${INTERVENTION_TYPE_LABELS[d.interventionType].toLowerCase()}, ${d.durationMinutes} min) on ${date}`;
}

/** A parent told (or an exemption recorded): the end-of-day reminder is off. */
function parentTold() {
  return {
    needs: (e: { streamId: string }, need: AlertNeed) => {
      const incidentId = incidentIdOf(e.streamId);
      need.key(AlertRestraint, { incidentId });
      need.timers('parent_not_notified', incidentId);
    },
    act: (e: { streamId: string; recordedAt: string }, a: AlertActions) => {
      const incidentId = incidentIdOf(e.streamId);
      a.rows.of(AlertRestraint).update({ incidentId }, { parentNotifiedAt: new Date(e.recordedAt) });
      a.disarm('parent_not_notified', incidentId);
    },
  };
}
