/**
 * The DSL alert inbox: a projection that applies the school's alert rules to the event history.
 *
 * Everything it knows lives in its own tables (never in memory), and every alert's time comes from
 * events or from a timer's due time, never from the moment the code happened to run. So the live
 * inbox, a rebuild and an auditor's replay "as of" any instant hold the same alerts with the same
 * ids and times:
 * - an alert's id is derived from its cause (`concern_raised:<concernId>` …), and the cause is
 *   UNIQUE, so no rule fires twice for the same cause;
 * - time-driven rules are timers in `alert_timers`. Before each event the timers due by the event's
 *   recordedAt fire, then the event applies; `tick` fires those due by now. So an acknowledgement
 *   recorded at +10 min cancels the +15 min escalation in every run, and one recorded at +20 min
 *   comes after it in every run;
 * - a timer-raised alert is stamped with its due time (or, when the timer was armed after that
 *   time — a restraint recorded the next day — with the time it was armed).
 */
import { In, LessThanOrEqual, MoreThanOrEqual, Not, type EntityManager, type UpdateResult } from 'typeorm';
import { uuidFrom } from '#lib/core';
import type { ConcernRaised } from '#lib/concerns';
import {
  type CoverAssigned,
  type CoverCancelled,
  DEFAULT_TRAINING_REFERENCE,
  isCertifiedOn,
  PHYSICAL_INTERVENTION_COURSES,
  type StaffMemberRegistered,
  type TrainingCompleted,
  type TrainingReference,
} from '#lib/workforce';
import type { DebriefHeld, IncidentCorrected, IncidentRecorded, StaffInvolvement } from '#lib/incidents';
import type { RecordedEvent } from '#lib/event-store';
import { type ApplyContext, insertIfAbsent, type Projection } from '#lib/read-models';
import type { AlertAcknowledged, AlertResolved } from './domain/alert-lifecycle.js';
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from './alert-thresholds.js';
import type { AlertAudience, AlertKind, AlertPriority } from './alert-vocabulary.js';
import {
  Alert,
  AlertClaim,
  AlertConcern,
  AlertCoverDay,
  AlertPupilConcern,
  AlertRestraint,
  AlertStaffCertificate,
  AlertStaffMember,
  AlertTimer,
  type NewAlert,
} from './alerts.entities.js';
import { AlertsAboutAdults1780000000000, AlertsTables1764489600000 } from './alerts.migrations.js';
import type { AlertSubject } from './alert-vocabulary.js';
import { freshCluster, schoolDayRun, type ClusterItem } from './clusters.js';
import { addDays, addMonths, addSchoolDays, addWorkingDays, endOfLondonDay, isSchoolDay, londonDate, startOfLondonDay } from '#lib/kernel';
import { CONCERN_CATEGORY_LABELS, type ConcernCategory } from '#lib/concerns';
import { INCIDENT_FORCE_TYPE_LABELS, TEAM_TEACH_HOLD_LABELS, type TeamTeachHold } from '#lib/incidents';

// Messages are read by people: codes in them are said in words (a hold outside the list stays as named).
const categoryLabel = (c: string): string => CONCERN_CATEGORY_LABELS[c as ConcernCategory] ?? c;
const holdLabel = (h: string): string => TEAM_TEACH_HOLD_LABELS[h as TeamTeachHold] ?? h.replace(/_/g, ' ');

export const ALERTS_PROJECTION = 'alerts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const EVENT_TYPES = [
  'ConcernRaised',
  'ConcernAcknowledged',
  'ConcernTriaged',
  'ConcernClosed',
  'LadoReferralRecorded',
  'IncidentRecorded',
  'IncidentCorrected',
  'ParentNotified',
  'ParentNotificationExempted',
  'DebriefHeld',
  'StaffMemberRegistered',
  'TrainingCompleted',
  'CoverAssigned',
  'CoverCancelled',
  'AlertAcknowledged',
  'AlertResolved',
] as const;

const URGENCY_PRIORITY: Record<string, AlertPriority> = { routine: 'medium', urgent: 'high', immediate_danger: 'critical' };
const URGENCY_WORDS: Record<string, string> = { routine: 'routine', urgent: 'urgent', immediate_danger: 'immediate-danger' };

/** The stream id's entity id (`concern-<id>` → `<id>`): follow-up events do not repeat it. */
const entityId = (e: RecordedEvent, prefix: string) => e.streamId.slice(prefix.length + 1);

/** An `alerts` row as RETURNING gives it, keyed by column name. */
type AlertColumns = Record<string, unknown>;

/** Tells listeners about the alert a write returned (none when it changed nothing), as the entity. */
function announce(db: EntityManager, ctx: ApplyContext, rows: AlertColumns[]): void {
  const row = rows[0];
  if (!row) return;
  const alert = new Alert();
  const { driver } = db.dataSource;
  for (const column of db.dataSource.getMetadata(Alert).columns) {
    column.setEntityValue(alert, driver.prepareHydratedValue(row[column.databaseName], column));
  }
  ctx.emit({ projection: ALERTS_PROJECTION, kind: 'alert', payload: alert });
}

export interface AlertsProjectionOptions {
  thresholds?: AlertThresholds;
  /** Which job roles need which course (reference data a trust can change). */
  trainingReference?: TrainingReference;
}

export function alertsProjection(options: AlertsProjectionOptions = {}): Projection {
  const t = options.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const reference = options.trainingReference ?? DEFAULT_TRAINING_REFERENCE;

  async function raise(db: EntityManager, ctx: ApplyContext, alert: NewAlert, raisedAt: Date): Promise<void> {
    const s = alert.subject;
    const { raw } = await db
      .createQueryBuilder()
      .insert()
      .into(Alert)
      .values({
        id: uuidFrom(`alert\u0000${alert.cause}`),
        cause: alert.cause,
        kind: alert.kind,
        priority: alert.priority,
        raisedAt,
        escalationLevel: alert.escalationLevel,
        audience: alert.audience,
        schoolId: alert.schoolId,
        pupilId: s.pupilId ?? null,
        staffId: s.staffId ?? null,
        concernId: s.concernId ?? null,
        incidentId: s.incidentId ?? null,
        coverAssignmentId: s.coverAssignmentId ?? null,
        message: alert.message,
        aboutStaffId: alert.aboutStaffId ?? null,
      })
      .orIgnore()
      .returning('*')
      .execute();
    announce(db, ctx, raw as AlertColumns[]);
  }

  /**
   * The earliest due time of the timers still armed, per transaction (keyed by its entity manager:
   * live, rebuild and replay may apply at once). Events before it need no look at the timers at all.
   */
  const earliestDue = new WeakMap<EntityManager, { at: Date | null }>();

  async function nextDue(db: EntityManager): Promise<Date | null> {
    const row = await db
      .createQueryBuilder(AlertTimer, 't')
      .select('min(t.dueAt)', 'at')
      .where('NOT t.fired')
      .getRawOne<{ at: Date | null }>();
    return row?.at ?? null;
  }

  /** A timer raises `alert` at `dueAt` unless disarmed first. Arming the same cause again changes nothing. */
  async function arm(db: EntityManager, subject: string, dueAt: Date, armedAt: Date, alert: NewAlert): Promise<void> {
    await insertIfAbsent(db, AlertTimer, { cause: alert.cause, kind: alert.kind, subject, dueAt, armedAt, payload: alert });
    const bound = earliestDue.get(db);
    if (bound && (bound.at === null || dueAt < bound.at)) bound.at = dueAt;
  }

  async function disarm(db: EntityManager, kind: AlertKind, subject: string): Promise<void> {
    await db.delete(AlertTimer, { fired: false, kind, subject });
  }

  async function fireDue(db: EntityManager, at: Date, ctx: ApplyContext): Promise<void> {
    const timers = await db
      .createQueryBuilder(AlertTimer, 't')
      .where('NOT t.fired')
      .andWhere('t.dueAt <= :at', { at })
      .orderBy('t.dueAt')
      .addOrderBy('t.cause')
      .getMany();
    for (const timer of timers) {
      const raisedAt = timer.armedAt > timer.dueAt ? timer.armedAt : timer.dueAt;
      await raise(db, ctx, timer.payload, raisedAt);
      await db.update(AlertTimer, { cause: timer.cause }, { fired: true });
    }
  }

  /** A "count within a window" rule: raises the alert once per fresh cluster (see clusters.ts). */
  async function clusterRule(
    db: EntityManager,
    ctx: ApplyContext,
    rule: {
      kind: AlertKind;
      subject: string;
      items: ClusterItem[];
      added: ClusterItem;
      windowEnd: (start: Date) => Date;
      count: number;
      raisedAt: Date;
      alert: (cause: string, members: number) => NewAlert;
    },
  ): Promise<void> {
    const claims = await db.findBy(AlertClaim, { kind: rule.kind, subject: rule.subject });
    const cluster = freshCluster(
      rule.items,
      claims.map((c) => ({ start: c.windowStart, end: c.windowEnd })),
      rule.added,
      rule.windowEnd,
      rule.count,
    );
    if (!cluster) return;
    const cause = `${rule.kind}:${rule.subject}:${cluster.anchor.id}`;
    await db.insert(AlertClaim, { cause, kind: rule.kind, subject: rule.subject, windowStart: cluster.start, windowEnd: cluster.end });
    await raise(db, ctx, rule.alert(cause, cluster.members.length), rule.raisedAt);
  }

  // ---- concerns ----

  async function concernRaised(db: EntityManager, e: RecordedEvent, ctx: ApplyContext, schoolId: string): Promise<void> {
    const d = (e as RecordedEvent<'ConcernRaised', ConcernRaised['data']>).data;
    const recordedAt = new Date(e.recordedAt);
    const occurredAt = new Date(d.occurredAt);
    const adult = d.aboutAdult;
    const adultKey = adult ? (adult.staffId ? `staff:${adult.staffId}` : `name:${(adult.name ?? '').trim().toLowerCase()}`) : null;
    const fresh = await insertIfAbsent(db, AlertConcern, {
      concernId: d.concernId,
      schoolId,
      pupilIds: d.pupilIds,
      urgency: d.urgency,
      adultKey,
      lowLevel: d.lowLevel,
      occurredAt,
      recordedAt,
    });
    if (!fresh) return;
    const subject: AlertSubject = {
      ...(d.pupilIds[0] ? { pupilId: d.pupilIds[0] } : {}),
      concernId: d.concernId,
      ...(adult?.staffId ? { staffId: adult.staffId } : {}),
    };
    const urgency = URGENCY_WORDS[d.urgency] ?? d.urgency;
    // KCSIE part four: a concern about an adult goes to its case manager only (the headteacher, or the
    // trust's safeguarding lead when it is about the headteacher) — a DSL or deputy may be that adult —
    // and none of its alerts is ever shown to the adult concerned (aboutStaffId).
    const caseManager: AlertAudience | null = adult
      ? d.routedTo === 'trust_safeguarding_lead'
        ? 'trust_safeguarding_lead'
        : 'headteacher'
      : null;
    const about = { aboutStaffId: adult?.staffId ?? null };
    const allegation = adult !== null && !d.lowLevel;
    await raise(
      db,
      ctx,
      {
        cause: `concern_raised:${d.concernId}`,
        kind: allegation ? 'allegation_raised' : 'concern_raised',
        priority: allegation && d.urgency === 'routine' ? 'high' : (URGENCY_PRIORITY[d.urgency] ?? 'medium'),
        escalationLevel: 0,
        audience: caseManager ?? 'dsl',
        schoolId,
        subject,
        message: adult
          ? `New ${urgency} ${d.lowLevel ? 'low-level concern' : 'allegation'} about an adult${d.selfReport ? ' (a self-report)' : ''}`
          : `New ${urgency} concern${d.pupilIds.length > 1 ? ` about ${d.pupilIds.length} pupils` : ''}: ${d.categories.map(categoryLabel).join(', ')}`,
        ...about,
      },
      recordedAt,
    );

    if (d.urgency !== 'routine') {
      const escalate = async (level: 1 | 2, minutes: number, to: AlertAudience) =>
        arm(db, d.concernId, new Date(recordedAt.getTime() + minutes * MINUTE_MS), recordedAt, {
          cause: `concern_unacknowledged:${d.concernId}:${level}`,
          kind: 'concern_unacknowledged',
          priority: level === 2 || d.urgency === 'immediate_danger' ? 'critical' : 'high',
          escalationLevel: level,
          audience: to,
          schoolId,
          subject,
          message: `An ${urgency} concern${adult ? ' about an adult' : ''} has not been acknowledged ${minutes} minutes after it was raised`,
          ...about,
        });
      // The ladder of a concern about an adult never leaves its case manager: they are reminded instead.
      if (caseManager === null) {
        await escalate(1, t.escalateToDeputyMinutes, 'deputy_dsl');
        await escalate(2, t.escalateToHeadteacherMinutes, 'headteacher');
      } else {
        await escalate(2, t.escalateToHeadteacherMinutes, caseManager);
      }
    }

    if (allegation && caseManager) {
      // KCSIE part four: an allegation that may meet the harm threshold is referred to the LADO within one working day.
      const due = addWorkingDays(londonDate(e.recordedAt), 1);
      await arm(db, d.concernId, endOfLondonDay(due), recordedAt, {
        cause: `lado_referral_due:${d.concernId}`,
        kind: 'lado_referral_due',
        priority: 'high',
        escalationLevel: 0,
        audience: caseManager,
        schoolId,
        subject,
        message: `An allegation about an adult has not been referred to the LADO by the end of the next working day (${due})`,
        ...about,
      });
    }

    if (!adult) {
      for (const pupil of d.pupilIds) {
        await insertIfAbsent(db, AlertPupilConcern, { pupilId: pupil, concernId: d.concernId, occurredAt });
        const concerns = await db.findBy(AlertPupilConcern, { pupilId: pupil });
        await clusterRule(db, ctx, {
          kind: 'pupil_concern_pattern',
          subject: pupil,
          items: concerns.map((c) => ({ id: c.concernId, at: c.occurredAt })),
          added: { id: d.concernId, at: occurredAt },
          windowEnd: (start) => new Date(start.getTime() + t.pupilConcernPatternDays * DAY_MS),
          count: t.pupilConcernPatternCount,
          raisedAt: recordedAt,
          alert: (cause, n) => ({
            cause,
            kind: 'pupil_concern_pattern',
            priority: 'high',
            escalationLevel: 0,
            audience: 'dsl',
            schoolId,
            subject: { pupilId: pupil, concernId: d.concernId },
            message: `${n} concerns about this pupil within ${t.pupilConcernPatternDays} days: look at the whole picture`,
          }),
        });
      }
    } else if (d.lowLevel && adultKey && caseManager) {
      const concerns = await db.find(AlertConcern, {
        select: { concernId: true, occurredAt: true },
        where: { lowLevel: true, adultKey, schoolId },
      });
      await clusterRule(db, ctx, {
        kind: 'adult_low_level_pattern',
        subject: `${schoolId}:${adultKey}`,
        items: concerns.map((c) => ({ id: c.concernId, at: c.occurredAt })),
        added: { id: d.concernId, at: occurredAt },
        windowEnd: (start) => addMonths(start, t.adultLowLevelMonths),
        count: t.adultLowLevelCount,
        raisedAt: recordedAt,
        alert: (cause, n) => ({
          cause,
          kind: 'adult_low_level_pattern',
          priority: 'high',
          escalationLevel: 0,
          audience: caseManager,
          schoolId,
          subject: { concernId: d.concernId, ...(adult?.staffId ? { staffId: adult.staffId } : {}) },
          message: `${n} low-level concerns about the same adult within ${t.adultLowLevelMonths} months: consider whether they meet the harm threshold`,
          ...about,
        }),
      });
    }
  }

  async function concernTakenOn(db: EntityManager, e: RecordedEvent, closed: boolean): Promise<void> {
    const concernId = entityId(e, 'concern');
    const at = new Date(e.recordedAt);
    await db
      .createQueryBuilder()
      .update(AlertConcern)
      .set({ acknowledgedAt: () => 'COALESCE(acknowledged_at, :at)', ...(closed ? { closedAt: at } : {}) })
      .where({ concernId })
      .setParameters({ at })
      .execute();
    await disarm(db, 'concern_unacknowledged', concernId);
  }

  // ---- restraint incidents ----

  async function armIncidentTimers(db: EntityManager, incidentId: string, armedAt: Date): Promise<void> {
    const r = await db.findOneBy(AlertRestraint, { incidentId });
    if (!r) return;
    const date = londonDate(r.occurredAt.toISOString());
    const base = { escalationLevel: 0 as const, audience: 'dsl' as const, schoolId: r.schoolId };
    const subject = { pupilId: r.pupilId, incidentId };
    if (!r.parentNotifiedAt) {
      await arm(db, incidentId, endOfLondonDay(date), armedAt, {
        ...base,
        cause: `parent_not_notified:${incidentId}`,
        kind: 'parent_not_notified',
        priority: 'high',
        subject,
        message: `Parents were not recorded as notified by the end of ${date}, the day of the restraint`,
      });
    }
    const debriefDue = addSchoolDays(date, t.debriefSchoolDays);
    for (const kind of ['pupil', 'staff'] as const) {
      if ((kind === 'pupil' ? r.pupilDebriefAt : r.staffDebriefAt) !== null) continue;
      await arm(db, `${incidentId}:${kind}`, endOfLondonDay(debriefDue), armedAt, {
        ...base,
        cause: `debrief_overdue:${incidentId}:${kind}`,
        kind: 'debrief_overdue',
        priority: 'medium',
        subject,
        message: `No ${kind} debrief recorded within ${t.debriefSchoolDays} school days of the restraint on ${date} (due by ${debriefDue})`,
      });
    }
  }

  async function checkCertificates(
    db: EntityManager,
    ctx: ApplyContext,
    incident: { incidentId: string; pupilId: string; occurredAt: string; schoolId: string; staffInvolved: StaffInvolvement[] },
    raisedAt: Date,
  ): Promise<void> {
    const date = londonDate(incident.occurredAt);
    for (const s of incident.staffInvolved) {
      if (s.holds.length === 0) continue;
      const certificates = await db.findBy(AlertStaffCertificate, { staffId: s.staffId });
      if (isCertifiedOn(certificates, PHYSICAL_INTERVENTION_COURSES, date)) continue;
      await raise(
        db,
        ctx,
        {
          cause: `uncertified_restraint:${incident.incidentId}:${s.staffId}`,
          kind: 'uncertified_restraint',
          priority: 'high',
          escalationLevel: 0,
          audience: 'dsl',
          schoolId: incident.schoolId,
          subject: { pupilId: incident.pupilId, incidentId: incident.incidentId, staffId: s.staffId },
          message: `A member of staff used ${s.holds.map(holdLabel).join(', ')} on ${date} without an in-date physical-intervention certificate`,
        },
        raisedAt,
      );
    }
  }

  async function incidentRecorded(db: EntityManager, e: RecordedEvent, ctx: ApplyContext, schoolId: string): Promise<void> {
    const d = (e as RecordedEvent<'IncidentRecorded', IncidentRecorded['data']>).data;
    const recordedAt = new Date(e.recordedAt);
    const occurredAt = new Date(d.occurredAt);
    const fresh = await insertIfAbsent(db, AlertRestraint, {
      incidentId: d.incidentId,
      schoolId,
      pupilId: d.pupilId,
      occurredAt,
      recordedAt,
      staffInvolved: d.staffInvolved,
    });
    if (!fresh) return;
    const subject = { pupilId: d.pupilId, incidentId: d.incidentId };
    const base = { escalationLevel: 0 as const, audience: 'dsl' as const, schoolId, subject };
    const date = londonDate(d.occurredAt);
    await raise(
      db,
      ctx,
      {
        ...base,
        cause: `restraint_recorded:${d.incidentId}`,
        kind: 'restraint_recorded',
        priority: 'medium',
        message: `Physical intervention recorded (${(INCIDENT_FORCE_TYPE_LABELS[d.forceType] ?? d.forceType).toLowerCase()}, ${d.durationMinutes} min) on ${date}`,
      },
      recordedAt,
    );
    const recordedOn = londonDate(e.recordedAt);
    if (recordedOn > date) {
      await raise(
        db,
        ctx,
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
    await armIncidentTimers(db, d.incidentId, recordedAt);
    await checkCertificates(db, ctx, { ...d, schoolId }, recordedAt);

    const restraints = await db.find(AlertRestraint, { select: { incidentId: true, occurredAt: true }, where: { pupilId: d.pupilId } });
    await clusterRule(db, ctx, {
      kind: 'repeat_restraint',
      subject: d.pupilId,
      items: restraints.map((r) => ({ id: r.incidentId, at: r.occurredAt })),
      added: { id: d.incidentId, at: occurredAt },
      windowEnd: (start) => new Date(start.getTime() + t.repeatRestraintDays * DAY_MS),
      count: t.repeatRestraintCount,
      raisedAt: recordedAt,
      alert: (cause, n) => ({
        ...base,
        cause,
        kind: 'repeat_restraint',
        priority: 'high',
        message: `${n} restraints of this pupil within ${t.repeatRestraintDays} days: review the behaviour plan`,
      }),
    });
  }

  async function incidentCorrected(db: EntityManager, e: RecordedEvent, ctx: ApplyContext): Promise<void> {
    const incidentId = entityId(e, 'incident');
    const d = (e as RecordedEvent<'IncidentCorrected', IncidentCorrected['data']>).data;
    const recordedAt = new Date(e.recordedAt);
    if (d.field === 'occurredAt') {
      await db.update(AlertRestraint, { incidentId }, { occurredAt: new Date(d.value) });
      // Timers not yet fired move with the corrected date; alerts already raised stay.
      await db
        .createQueryBuilder()
        .delete()
        .from(AlertTimer)
        .where({ fired: false, kind: In(['parent_not_notified', 'debrief_overdue']) })
        .andWhere("split_part(subject, ':', 1) = :incidentId", { incidentId })
        .execute();
      await armIncidentTimers(db, incidentId, recordedAt);
    } else if (d.field === 'staffInvolved') {
      await db.update(AlertRestraint, { incidentId }, { staffInvolved: d.value });
      const r = await db.findOneBy(AlertRestraint, { incidentId });
      if (r) {
        await checkCertificates(
          db,
          ctx,
          { incidentId, pupilId: r.pupilId, occurredAt: r.occurredAt.toISOString(), schoolId: r.schoolId, staffInvolved: d.value },
          recordedAt,
        );
      }
    }
  }

  // ---- staff and training ----

  async function trainingCompleted(db: EntityManager, e: RecordedEvent): Promise<void> {
    const staffId = entityId(e, 'staff');
    const d = (e as RecordedEvent<'TrainingCompleted', TrainingCompleted['data']>).data;
    await insertIfAbsent(db, AlertStaffCertificate, {
      completionId: d.completionId,
      staffId,
      course: d.course,
      completedOn: d.completedOn,
      expiresOn: d.expiresOn,
    });
    const member = await db.findOneBy(AlertStaffMember, { staffId });
    if (!member || !(reference.requiredByJobRole[member.jobRole] ?? []).includes(d.course)) return;
    const latest = await db
      .createQueryBuilder(AlertStaffCertificate, 'c')
      .select('max(c.expiresOn)::text', 'expiresOn')
      .where('c.staffId = :staffId AND c.course = :course', { staffId, course: d.course })
      .getRawOne<{ expiresOn: string }>();
    // Only the certificate that expires last counts; an older one entered late changes nothing.
    if (latest?.expiresOn !== d.expiresOn) return;
    const subject = `${staffId}:${d.course}`;
    // A renewal replaces the reminders of the certificate it renews.
    await disarm(db, 'training_due', subject);
    await disarm(db, 'training_expired', subject);
    const armedAt = new Date(e.recordedAt);
    const title = reference.courses[d.course]?.title ?? d.course;
    const base = { escalationLevel: 0 as const, audience: 'dsl' as const, schoolId: member.schoolId, subject: { staffId } };
    const expiredAt = startOfLondonDay(addDays(d.expiresOn, 1));
    if (expiredAt > armedAt) {
      await arm(db, subject, startOfLondonDay(addDays(d.expiresOn, -t.trainingDueDays)), armedAt, {
        ...base,
        cause: `training_due:${staffId}:${d.course}:${d.expiresOn}`,
        kind: 'training_due',
        priority: 'low',
        message: `${title} expires on ${d.expiresOn}: book the refresher`,
      });
    }
    await arm(db, subject, expiredAt, armedAt, {
      ...base,
      cause: `training_expired:${staffId}:${d.course}:${d.expiresOn}`,
      kind: 'training_expired',
      priority: 'medium',
      message: `${title} expired on ${d.expiresOn} and the job role requires it`,
    });
  }

  // ---- cover ----

  async function coverAssigned(db: EntityManager, e: RecordedEvent, ctx: ApplyContext, schoolId: string): Promise<void> {
    const d = (e as RecordedEvent<'CoverAssigned', CoverAssigned['data']>).data;
    const recordedAt = new Date(e.recordedAt);
    await insertIfAbsent(db, AlertCoverDay, {
      assignmentId: d.assignmentId,
      schoolId,
      staffId: d.staffId,
      absentTeacherId: d.absentTeacherId,
      date: d.date,
    });
    const base = { escalationLevel: 0 as const, audience: 'dsl' as const, schoolId, priority: 'medium' as const };
    if (d.warnings.includes('over_cap_overridden')) {
      await raise(
        db,
        ctx,
        {
          ...base,
          cause: `cover_over_cap:${d.assignmentId}`,
          kind: 'cover_over_cap',
          subject: { staffId: d.staffId, coverAssignmentId: d.assignmentId },
          message: `Cover in ${d.isoWeek} reaches ${d.weekCoverMinutes} of ${d.contractedMinutesPerWeek} contracted minutes, over the ${d.capPercent}% cap (headteacher override)`,
        },
        recordedAt,
      );
    }
    if (!d.absentTeacherId || !isSchoolDay(d.date)) return;
    const covered = await db.find(AlertCoverDay, {
      select: { assignmentId: true, date: true },
      where: { absentTeacherId: d.absentTeacherId, schoolId, cancelled: false },
    });
    const run = schoolDayRun(covered.map((c) => c.date).filter(isSchoolDay), d.date, (date) => addSchoolDays(date, 1));
    if (run.length <= t.longTermCoverSchoolDays) return;
    const start = startOfLondonDay(run[0]!);
    const end = endOfLondonDay(run.at(-1)!);
    const subject = `${schoolId}:${d.absentTeacherId}`;
    // One alert per absence: a run that overlaps one already alerted on is the same absence.
    const alerted = await db.existsBy(AlertClaim, {
      kind: 'cover_long_term',
      subject,
      windowStart: LessThanOrEqual(end),
      windowEnd: MoreThanOrEqual(start),
    });
    if (alerted) return;
    const cause = `cover_long_term:${subject}:${run[0]}`;
    await db.insert(AlertClaim, { cause, kind: 'cover_long_term', subject, windowStart: start, windowEnd: end });
    await raise(
      db,
      ctx,
      {
        ...base,
        cause,
        kind: 'cover_long_term',
        subject: { staffId: d.absentTeacherId, coverAssignmentId: d.assignmentId },
        message: `One teacher's absence has been covered for ${run.length} school days since ${run[0]}: long-term cover needs a teacher`,
      },
      recordedAt,
    );
  }

  // ---- the alerts' own lifecycle ----

  async function lifecycle(db: EntityManager, e: RecordedEvent, ctx: ApplyContext): Promise<void> {
    let changed: UpdateResult;
    if (e.type === 'AlertAcknowledged') {
      const d = e.data as AlertAcknowledged['data'];
      changed = await db
        .createQueryBuilder()
        .update(Alert)
        .set({ status: 'acknowledged', acknowledgedAt: new Date(d.acknowledgedAt), acknowledgedBy: d.acknowledgedBy })
        .where({ id: d.alertId, status: 'open' })
        .returning('*')
        .execute();
    } else {
      const d = e.data as AlertResolved['data'];
      const resolvedAt = new Date(d.resolvedAt);
      changed = await db
        .createQueryBuilder()
        .update(Alert)
        .set({
          status: 'resolved',
          resolvedAt,
          resolvedBy: d.resolvedBy,
          resolutionNote: d.note,
          // Resolving an alert nobody acknowledged acknowledges it too.
          acknowledgedAt: () => 'COALESCE(acknowledged_at, :resolvedAt)',
          acknowledgedBy: () => 'COALESCE(acknowledged_by, :resolvedBy)',
        })
        .where({ id: d.alertId, status: Not('resolved') })
        .setParameters({ resolvedAt, resolvedBy: d.resolvedBy })
        .returning('*')
        .execute();
    }
    announce(db, ctx, changed.raw as AlertColumns[]);
  }

  async function handle(db: EntityManager, e: RecordedEvent, ctx: ApplyContext): Promise<void> {
    const schoolId = e.metadata.schoolId;
    switch (e.type) {
      case 'ConcernRaised':
        if (schoolId) await concernRaised(db, e, ctx, schoolId);
        return;
      case 'ConcernAcknowledged':
      case 'ConcernTriaged':
        return concernTakenOn(db, e, false);
      case 'ConcernClosed':
        return concernTakenOn(db, e, true);
      case 'LadoReferralRecorded':
        return disarm(db, 'lado_referral_due', entityId(e, 'concern'));
      case 'IncidentRecorded':
        if (schoolId) await incidentRecorded(db, e, ctx, schoolId);
        return;
      case 'IncidentCorrected':
        return incidentCorrected(db, e, ctx);
      case 'ParentNotified':
      case 'ParentNotificationExempted': {
        const incidentId = entityId(e, 'incident');
        await db.update(AlertRestraint, { incidentId }, { parentNotifiedAt: new Date(e.recordedAt) });
        return disarm(db, 'parent_not_notified', incidentId);
      }
      case 'DebriefHeld': {
        const incidentId = entityId(e, 'incident');
        const kind = (e.data as DebriefHeld['data']).kind;
        const heldAt = new Date(e.recordedAt);
        await db.update(AlertRestraint, { incidentId }, kind === 'pupil' ? { pupilDebriefAt: heldAt } : { staffDebriefAt: heldAt });
        return disarm(db, 'debrief_overdue', `${incidentId}:${kind}`);
      }
      case 'StaffMemberRegistered': {
        const d = e.data as StaffMemberRegistered['data'];
        await db.upsert(AlertStaffMember, { staffId: d.staffId, schoolId: d.schoolId, jobRole: d.jobRole }, ['staffId']);
        return;
      }
      case 'TrainingCompleted':
        return trainingCompleted(db, e);
      case 'CoverAssigned':
        if (schoolId) await coverAssigned(db, e, ctx, schoolId);
        return;
      case 'CoverCancelled':
        await db.update(AlertCoverDay, { assignmentId: (e.data as CoverCancelled['data']).assignmentId }, { cancelled: true });
        return;
      case 'AlertAcknowledged':
      case 'AlertResolved':
        return lifecycle(db, e, ctx);
    }
  }

  return {
    name: ALERTS_PROJECTION,
    version: 3,
    entities: [
      Alert,
      AlertTimer,
      AlertClaim,
      AlertConcern,
      AlertPupilConcern,
      AlertRestraint,
      AlertStaffMember,
      AlertStaffCertificate,
      AlertCoverDay,
    ],
    // The inbox only: the rest (who a concern is about, timers, claims) is the rules' bookkeeping.
    readable: [Alert],
    migrations: [AlertsTables1764489600000, AlertsAboutAdults1780000000000],
    eventTypes: EVENT_TYPES,
    async apply(db, events, ctx) {
      const bound = { at: await nextDue(db) };
      earliestDue.set(db, bound);
      try {
        for (const e of events) {
          // Timers due by the time this event was stored fire first, so timers and events interleave
          // by time in the live run, a rebuild and a replay alike.
          const recordedAt = new Date(e.recordedAt);
          if (bound.at !== null && bound.at <= recordedAt) {
            await fireDue(db, recordedAt, ctx);
            bound.at = await nextDue(db);
          }
          await handle(db, e, ctx);
        }
      } finally {
        earliestDue.delete(db);
      }
    },
    async tick(db, ctx) {
      await fireDue(db, ctx.now, ctx);
    },
  };
}
