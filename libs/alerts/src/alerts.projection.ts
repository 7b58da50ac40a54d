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
import type pg from 'pg';
import { uuidFrom } from '../../core/src/command-context.js';
import type { ConcernRaised } from '../../domain/src/concern/events.js';
import type { CoverAssigned, CoverCancelled } from '../../domain/src/cover/events.js';
import type { DebriefHeld, IncidentCorrected, IncidentRecorded } from '../../domain/src/incident/events.js';
import type { StaffInvolvement } from '../../domain/src/incident/vocabulary.js';
import type { StaffMemberRegistered, TrainingCompleted } from '../../domain/src/staff/events.js';
import {
  DEFAULT_TRAINING_REFERENCE,
  isCertifiedOn,
  PHYSICAL_INTERVENTION_COURSES,
  type TrainingReference,
} from '../../domain/src/staff/training-reference.js';
import type { JobRole } from '../../domain/src/staff/vocabulary.js';
import type { RecordedEvent } from '../../event-store/src/event-store.js';
import type { ApplyContext, Projection } from '../../read-models/src/projection.js';
import type { AlertAcknowledged, AlertResolved } from './alert-lifecycle.js';
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from './alert-thresholds.js';
import type { AlertAudience, AlertKind, AlertPriority, EscalationLevel } from './alert-vocabulary.js';
import type { AlertRow, AlertSubject } from './alerts.queries.js';
import { freshCluster, schoolDayRun, type Claim, type ClusterItem } from './clusters.js';
import { addDays, addMonths, addSchoolDays, endOfLondonDay, isSchoolDay, londonDate, startOfLondonDay } from './school-calendar.js';

export const ALERTS_PROJECTION = 'alerts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const TABLES = `
CREATE TABLE alerts (
  id uuid PRIMARY KEY,
  cause text NOT NULL UNIQUE,
  kind text NOT NULL,
  priority text NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'critical')),
  raised_at timestamptz NOT NULL,
  escalation_level integer NOT NULL CHECK (escalation_level BETWEEN 0 AND 2),
  audience text NOT NULL CHECK (audience IN ('dsl', 'deputy_dsl', 'headteacher')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  school_id text NOT NULL,
  pupil_id text,
  staff_id text,
  concern_id text,
  incident_id text,
  cover_assignment_id text,
  message text NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at timestamptz,
  resolved_by text,
  resolution_note text
);
CREATE INDEX alerts_inbox ON alerts (school_id, status, raised_at DESC);

-- Due rules. payload is the alert to raise; a cancelled timer is deleted, a fired one kept.
CREATE TABLE alert_timers (
  cause text PRIMARY KEY,
  kind text NOT NULL,
  subject text NOT NULL,
  due_at timestamptz NOT NULL,
  armed_at timestamptz NOT NULL,
  payload jsonb NOT NULL,
  fired boolean NOT NULL DEFAULT false
);
CREATE INDEX alert_timers_due ON alert_timers (due_at) WHERE NOT fired;
CREATE INDEX alert_timers_subject ON alert_timers (kind, subject) WHERE NOT fired;

-- Windows already alerted on by the "N within a window" rules (see clusters.ts).
CREATE TABLE alert_claims (
  cause text PRIMARY KEY,
  kind text NOT NULL,
  subject text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL
);
CREATE INDEX alert_claims_subject ON alert_claims (kind, subject);

CREATE TABLE concerns (
  concern_id text PRIMARY KEY,
  school_id text NOT NULL,
  pupil_ids text[] NOT NULL,
  urgency text NOT NULL,
  adult_key text,
  low_level boolean NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  closed_at timestamptz
);
CREATE INDEX concerns_low_level_adult ON concerns (adult_key) WHERE low_level;
CREATE TABLE pupil_concerns (
  pupil_id text NOT NULL,
  concern_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (pupil_id, concern_id)
);

CREATE TABLE restraints (
  incident_id text PRIMARY KEY,
  school_id text NOT NULL,
  pupil_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  staff_involved jsonb NOT NULL,
  parent_notified_at timestamptz,
  pupil_debrief_at timestamptz,
  staff_debrief_at timestamptz
);
CREATE INDEX restraints_pupil ON restraints (pupil_id);

CREATE TABLE staff_members (staff_id text PRIMARY KEY, school_id text NOT NULL, job_role text NOT NULL);
CREATE TABLE staff_certificates (
  completion_id text PRIMARY KEY,
  staff_id text NOT NULL,
  course text NOT NULL,
  completed_on date NOT NULL,
  expires_on date NOT NULL
);
CREATE INDEX staff_certificates_staff ON staff_certificates (staff_id, course);

CREATE TABLE cover_days (
  assignment_id text PRIMARY KEY,
  school_id text NOT NULL,
  staff_id text NOT NULL,
  absent_teacher_id text,
  date date NOT NULL,
  cancelled boolean NOT NULL DEFAULT false
);
CREATE INDEX cover_days_absent_teacher ON cover_days (absent_teacher_id) WHERE NOT cancelled;
`;

const EVENT_TYPES = [
  'ConcernRaised',
  'ConcernAcknowledged',
  'ConcernTriaged',
  'ConcernClosed',
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

interface NewAlert {
  cause: string;
  kind: AlertKind;
  priority: AlertPriority;
  escalationLevel: EscalationLevel;
  audience: AlertAudience;
  schoolId: string;
  subject: AlertSubject;
  message: string;
}

const URGENCY_PRIORITY: Record<string, AlertPriority> = { routine: 'medium', urgent: 'high', immediate_danger: 'critical' };
const URGENCY_WORDS: Record<string, string> = { routine: 'routine', urgent: 'urgent', immediate_danger: 'immediate-danger' };

/** The stream id's entity id (`concern-<id>` → `<id>`): follow-up events do not repeat it. */
const entityId = (e: RecordedEvent, prefix: string) => e.streamId.slice(prefix.length + 1);

export interface AlertsProjectionOptions {
  thresholds?: AlertThresholds;
  /** Which job roles need which course (reference data a trust can change). */
  trainingReference?: TrainingReference;
}

export function alertsProjection(options: AlertsProjectionOptions = {}): Projection {
  const t = options.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const reference = options.trainingReference ?? DEFAULT_TRAINING_REFERENCE;

  async function raise(db: pg.PoolClient, ctx: ApplyContext, alert: NewAlert, raisedAt: Date): Promise<void> {
    const s = alert.subject;
    const { rows } = await db.query<AlertRow>(
      `INSERT INTO alerts (id, cause, kind, priority, raised_at, escalation_level, audience, school_id,
                           pupil_id, staff_id, concern_id, incident_id, cover_assignment_id, message)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (cause) DO NOTHING RETURNING *`,
      [
        uuidFrom(`alert\u0000${alert.cause}`),
        alert.cause,
        alert.kind,
        alert.priority,
        raisedAt,
        alert.escalationLevel,
        alert.audience,
        alert.schoolId,
        s.pupilId ?? null,
        s.staffId ?? null,
        s.concernId ?? null,
        s.incidentId ?? null,
        s.coverAssignmentId ?? null,
        alert.message,
      ],
    );
    if (rows[0]) ctx.emit({ projection: ALERTS_PROJECTION, kind: 'alert', payload: rows[0] });
  }

  /**
   * The earliest due time of the timers still armed, per transaction (keyed by its connection: live,
   * rebuild and replay may apply at once). Events before it need no look at the timers at all.
   */
  const earliestDue = new WeakMap<pg.PoolClient, { at: Date | null }>();

  async function nextDue(db: pg.PoolClient): Promise<Date | null> {
    const { rows } = await db.query<{ at: Date | null }>('SELECT min(due_at) AS at FROM alert_timers WHERE NOT fired');
    return rows[0]?.at ?? null;
  }

  /** A timer raises `alert` at `dueAt` unless disarmed first. Arming the same cause again changes nothing. */
  async function arm(db: pg.PoolClient, subject: string, dueAt: Date, armedAt: Date, alert: NewAlert): Promise<void> {
    await db.query(
      `INSERT INTO alert_timers (cause, kind, subject, due_at, armed_at, payload) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (cause) DO NOTHING`,
      [alert.cause, alert.kind, subject, dueAt, armedAt, JSON.stringify(alert)],
    );
    const bound = earliestDue.get(db);
    if (bound && (bound.at === null || dueAt < bound.at)) bound.at = dueAt;
  }

  async function disarm(db: pg.PoolClient, kind: AlertKind, subject: string): Promise<void> {
    await db.query('DELETE FROM alert_timers WHERE NOT fired AND kind = $1 AND subject = $2', [kind, subject]);
  }

  async function fireDue(db: pg.PoolClient, at: Date, ctx: ApplyContext): Promise<void> {
    const { rows } = await db.query<{ cause: string; due_at: Date; armed_at: Date; payload: NewAlert }>(
      'SELECT cause, due_at, armed_at, payload FROM alert_timers WHERE NOT fired AND due_at <= $1 ORDER BY due_at, cause',
      [at],
    );
    for (const timer of rows) {
      const raisedAt = timer.armed_at > timer.due_at ? timer.armed_at : timer.due_at;
      await raise(db, ctx, timer.payload, raisedAt);
      await db.query('UPDATE alert_timers SET fired = true WHERE cause = $1', [timer.cause]);
    }
  }

  /** A "count within a window" rule: raises the alert once per fresh cluster (see clusters.ts). */
  async function clusterRule(
    db: pg.PoolClient,
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
    const { rows: claims } = await db.query<Claim>(
      'SELECT window_start AS start, window_end AS end FROM alert_claims WHERE kind = $1 AND subject = $2',
      [rule.kind, rule.subject],
    );
    const cluster = freshCluster(rule.items, claims, rule.added, rule.windowEnd, rule.count);
    if (!cluster) return;
    const cause = `${rule.kind}:${rule.subject}:${cluster.anchor.id}`;
    await db.query('INSERT INTO alert_claims (cause, kind, subject, window_start, window_end) VALUES ($1, $2, $3, $4, $5)', [
      cause,
      rule.kind,
      rule.subject,
      cluster.start,
      cluster.end,
    ]);
    await raise(db, ctx, rule.alert(cause, cluster.members.length), rule.raisedAt);
  }

  // ---- concerns ----

  async function concernRaised(db: pg.PoolClient, e: RecordedEvent, ctx: ApplyContext, schoolId: string): Promise<void> {
    const d = (e as RecordedEvent<'ConcernRaised', ConcernRaised['data']>).data;
    const recordedAt = new Date(e.recordedAt);
    const occurredAt = new Date(d.occurredAt);
    const adult = d.aboutAdult;
    const adultKey = adult ? (adult.staffId ? `staff:${adult.staffId}` : `name:${(adult.name ?? '').trim().toLowerCase()}`) : null;
    const inserted = await db.query(
      `INSERT INTO concerns (concern_id, school_id, pupil_ids, urgency, adult_key, low_level, occurred_at, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [d.concernId, schoolId, d.pupilIds, d.urgency, adultKey, d.lowLevel, occurredAt, recordedAt],
    );
    if (inserted.rowCount === 0) return;
    const pupilId = d.pupilIds[0];
    const subject: AlertSubject = { pupilId, concernId: d.concernId, ...(adult?.staffId ? { staffId: adult.staffId } : {}) };
    const urgency = URGENCY_WORDS[d.urgency] ?? d.urgency;
    // A concern about an adult goes to the headteacher only: a DSL or deputy may be that adult.
    const audience: AlertAudience = adult ? 'headteacher' : 'dsl';
    await raise(
      db,
      ctx,
      {
        cause: `concern_raised:${d.concernId}`,
        kind: 'concern_raised',
        priority: URGENCY_PRIORITY[d.urgency] ?? 'medium',
        escalationLevel: 0,
        audience,
        schoolId,
        subject,
        message: adult
          ? `New ${urgency} ${d.lowLevel ? 'low-level concern' : 'concern'} about an adult`
          : `New ${urgency} concern${d.pupilIds.length > 1 ? ` about ${d.pupilIds.length} pupils` : ''}: ${d.categories.join(', ')}`,
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
        });
      // Never escalate a concern about an adult to the deputy DSL; the headteacher is reminded instead.
      if (!adult) await escalate(1, t.escalateToDeputyMinutes, 'deputy_dsl');
      await escalate(2, t.escalateToHeadteacherMinutes, 'headteacher');
    }

    if (!adult) {
      for (const pupil of d.pupilIds) {
        await db.query('INSERT INTO pupil_concerns (pupil_id, concern_id, occurred_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          pupil,
          d.concernId,
          occurredAt,
        ]);
        const { rows } = await db.query<ClusterItem>('SELECT concern_id AS id, occurred_at AS at FROM pupil_concerns WHERE pupil_id = $1', [
          pupil,
        ]);
        await clusterRule(db, ctx, {
          kind: 'pupil_concern_pattern',
          subject: pupil,
          items: rows,
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
    } else if (d.lowLevel && adultKey) {
      const { rows } = await db.query<ClusterItem>(
        'SELECT concern_id AS id, occurred_at AS at FROM concerns WHERE low_level AND adult_key = $1 AND school_id = $2',
        [adultKey, schoolId],
      );
      await clusterRule(db, ctx, {
        kind: 'adult_low_level_pattern',
        subject: `${schoolId}:${adultKey}`,
        items: rows,
        added: { id: d.concernId, at: occurredAt },
        windowEnd: (start) => addMonths(start, t.adultLowLevelMonths),
        count: t.adultLowLevelCount,
        raisedAt: recordedAt,
        alert: (cause, n) => ({
          cause,
          kind: 'adult_low_level_pattern',
          priority: 'high',
          escalationLevel: 0,
          audience: 'headteacher',
          schoolId,
          subject: { concernId: d.concernId, ...(adult?.staffId ? { staffId: adult.staffId } : {}) },
          message: `${n} low-level concerns about the same adult within ${t.adultLowLevelMonths} months: consider whether they meet the harm threshold`,
        }),
      });
    }
  }

  async function concernTakenOn(db: pg.PoolClient, e: RecordedEvent, closed: boolean): Promise<void> {
    const concernId = entityId(e, 'concern');
    await db.query(
      `UPDATE concerns SET acknowledged_at = COALESCE(acknowledged_at, $2), closed_at = CASE WHEN $3 THEN $2 ELSE closed_at END
       WHERE concern_id = $1`,
      [concernId, new Date(e.recordedAt), closed],
    );
    await disarm(db, 'concern_unacknowledged', concernId);
  }

  // ---- restraint incidents ----

  async function armIncidentTimers(db: pg.PoolClient, incidentId: string, armedAt: Date): Promise<void> {
    const { rows } = await db.query<{
      school_id: string;
      pupil_id: string;
      occurred_at: Date;
      parent_notified_at: Date | null;
      pupil_debrief_at: Date | null;
      staff_debrief_at: Date | null;
    }>('SELECT * FROM restraints WHERE incident_id = $1', [incidentId]);
    const r = rows[0];
    if (!r) return;
    const date = londonDate(r.occurred_at.toISOString());
    const base = { escalationLevel: 0 as const, audience: 'dsl' as const, schoolId: r.school_id };
    const subject = { pupilId: r.pupil_id, incidentId };
    if (!r.parent_notified_at) {
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
      if ((kind === 'pupil' ? r.pupil_debrief_at : r.staff_debrief_at) !== null) continue;
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
    db: pg.PoolClient,
    ctx: ApplyContext,
    incident: { incidentId: string; pupilId: string; occurredAt: string; schoolId: string; staffInvolved: StaffInvolvement[] },
    raisedAt: Date,
  ): Promise<void> {
    const date = londonDate(incident.occurredAt);
    for (const s of incident.staffInvolved) {
      if (s.holds.length === 0) continue;
      const { rows } = await db.query<{ course: string; completedOn: string; expiresOn: string }>(
        'SELECT course, completed_on::text AS "completedOn", expires_on::text AS "expiresOn" FROM staff_certificates WHERE staff_id = $1',
        [s.staffId],
      );
      if (isCertifiedOn(rows, PHYSICAL_INTERVENTION_COURSES, date)) continue;
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
          message: `A member of staff used ${s.holds.join(', ')} on ${date} without an in-date physical-intervention certificate`,
        },
        raisedAt,
      );
    }
  }

  async function incidentRecorded(db: pg.PoolClient, e: RecordedEvent, ctx: ApplyContext, schoolId: string): Promise<void> {
    const d = (e as RecordedEvent<'IncidentRecorded', IncidentRecorded['data']>).data;
    const recordedAt = new Date(e.recordedAt);
    const occurredAt = new Date(d.occurredAt);
    const inserted = await db.query(
      `INSERT INTO restraints (incident_id, school_id, pupil_id, occurred_at, recorded_at, staff_involved)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [d.incidentId, schoolId, d.pupilId, occurredAt, recordedAt, JSON.stringify(d.staffInvolved)],
    );
    if (inserted.rowCount === 0) return;
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
        message: `Physical intervention recorded (${d.forceType.replace(/_/g, ' ')}, ${d.durationMinutes} min) on ${date}`,
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

    const { rows } = await db.query<ClusterItem>('SELECT incident_id AS id, occurred_at AS at FROM restraints WHERE pupil_id = $1', [
      d.pupilId,
    ]);
    await clusterRule(db, ctx, {
      kind: 'repeat_restraint',
      subject: d.pupilId,
      items: rows,
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

  async function incidentCorrected(db: pg.PoolClient, e: RecordedEvent, ctx: ApplyContext): Promise<void> {
    const incidentId = entityId(e, 'incident');
    const d = (e as RecordedEvent<'IncidentCorrected', IncidentCorrected['data']>).data;
    const recordedAt = new Date(e.recordedAt);
    if (d.field === 'occurredAt') {
      await db.query('UPDATE restraints SET occurred_at = $2 WHERE incident_id = $1', [incidentId, new Date(d.value)]);
      // Timers not yet fired move with the corrected date; alerts already raised stay.
      await db.query("DELETE FROM alert_timers WHERE NOT fired AND kind IN ($1, $2) AND split_part(subject, ':', 1) = $3", [
        'parent_not_notified',
        'debrief_overdue',
        incidentId,
      ]);
      await armIncidentTimers(db, incidentId, recordedAt);
    } else if (d.field === 'staffInvolved') {
      const { rows } = await db.query<{ school_id: string; pupil_id: string; occurred_at: Date }>(
        'UPDATE restraints SET staff_involved = $2 WHERE incident_id = $1 RETURNING school_id, pupil_id, occurred_at',
        [incidentId, JSON.stringify(d.value)],
      );
      const r = rows[0];
      if (r) {
        await checkCertificates(
          db,
          ctx,
          { incidentId, pupilId: r.pupil_id, occurredAt: r.occurred_at.toISOString(), schoolId: r.school_id, staffInvolved: d.value },
          recordedAt,
        );
      }
    }
  }

  // ---- staff and training ----

  async function trainingCompleted(db: pg.PoolClient, e: RecordedEvent): Promise<void> {
    const staffId = entityId(e, 'staff');
    const d = (e as RecordedEvent<'TrainingCompleted', TrainingCompleted['data']>).data;
    await db.query(
      `INSERT INTO staff_certificates (completion_id, staff_id, course, completed_on, expires_on) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [d.completionId, staffId, d.course, d.completedOn, d.expiresOn],
    );
    const { rows } = await db.query<{ school_id: string; job_role: JobRole; latest: string }>(
      `SELECT m.school_id, m.job_role,
              (SELECT max(expires_on)::text FROM staff_certificates c WHERE c.staff_id = m.staff_id AND c.course = $2) AS latest
         FROM staff_members m WHERE m.staff_id = $1`,
      [staffId, d.course],
    );
    const member = rows[0];
    if (!member || !(reference.requiredByJobRole[member.job_role] ?? []).includes(d.course)) return;
    // Only the certificate that expires last counts; an older one entered late changes nothing.
    if (member.latest !== d.expiresOn) return;
    const subject = `${staffId}:${d.course}`;
    // A renewal replaces the reminders of the certificate it renews.
    await disarm(db, 'training_due', subject);
    await disarm(db, 'training_expired', subject);
    const armedAt = new Date(e.recordedAt);
    const title = reference.courses[d.course]?.title ?? d.course;
    const base = { escalationLevel: 0 as const, audience: 'dsl' as const, schoolId: member.school_id, subject: { staffId } };
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

  async function coverAssigned(db: pg.PoolClient, e: RecordedEvent, ctx: ApplyContext, schoolId: string): Promise<void> {
    const d = (e as RecordedEvent<'CoverAssigned', CoverAssigned['data']>).data;
    const recordedAt = new Date(e.recordedAt);
    await db.query(
      `INSERT INTO cover_days (assignment_id, school_id, staff_id, absent_teacher_id, date) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [d.assignmentId, schoolId, d.staffId, d.absentTeacherId, d.date],
    );
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
    const { rows } = await db.query<{ date: string }>(
      'SELECT DISTINCT date::text AS date FROM cover_days WHERE absent_teacher_id = $1 AND school_id = $2 AND NOT cancelled',
      [d.absentTeacherId, schoolId],
    );
    const run = schoolDayRun(rows.map((r) => r.date).filter(isSchoolDay), d.date, (date) => addSchoolDays(date, 1));
    if (run.length <= t.longTermCoverSchoolDays) return;
    const start = startOfLondonDay(run[0]!);
    const end = endOfLondonDay(run.at(-1)!);
    const subject = `${schoolId}:${d.absentTeacherId}`;
    // One alert per absence: a run that overlaps one already alerted on is the same absence.
    const { rowCount } = await db.query(
      'SELECT 1 FROM alert_claims WHERE kind = $1 AND subject = $2 AND window_start <= $4 AND window_end >= $3',
      ['cover_long_term', subject, start, end],
    );
    if (rowCount) return;
    const cause = `cover_long_term:${subject}:${run[0]}`;
    await db.query('INSERT INTO alert_claims (cause, kind, subject, window_start, window_end) VALUES ($1, $2, $3, $4, $5)', [
      cause,
      'cover_long_term',
      subject,
      start,
      end,
    ]);
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

  async function lifecycle(db: pg.PoolClient, e: RecordedEvent, ctx: ApplyContext): Promise<void> {
    const { rows } =
      e.type === 'AlertAcknowledged'
        ? await db.query<AlertRow>(
            `UPDATE alerts SET status = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3
              WHERE id = $1 AND status = 'open' RETURNING *`,
            [
              (e.data as AlertAcknowledged['data']).alertId,
              (e.data as AlertAcknowledged['data']).acknowledgedAt,
              (e.data as AlertAcknowledged['data']).acknowledgedBy,
            ],
          )
        : await db.query<AlertRow>(
            `UPDATE alerts SET status = 'resolved', resolved_at = $2, resolved_by = $3, resolution_note = $4,
                    acknowledged_at = COALESCE(acknowledged_at, $2), acknowledged_by = COALESCE(acknowledged_by, $3)
              WHERE id = $1 AND status <> 'resolved' RETURNING *`,
            [
              (e.data as AlertResolved['data']).alertId,
              (e.data as AlertResolved['data']).resolvedAt,
              (e.data as AlertResolved['data']).resolvedBy,
              (e.data as AlertResolved['data']).note,
            ],
          );
    if (rows[0]) ctx.emit({ projection: ALERTS_PROJECTION, kind: 'alert', payload: rows[0] });
  }

  async function handle(db: pg.PoolClient, e: RecordedEvent, ctx: ApplyContext): Promise<void> {
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
      case 'IncidentRecorded':
        if (schoolId) await incidentRecorded(db, e, ctx, schoolId);
        return;
      case 'IncidentCorrected':
        return incidentCorrected(db, e, ctx);
      case 'ParentNotified':
      case 'ParentNotificationExempted': {
        const incidentId = entityId(e, 'incident');
        await db.query('UPDATE restraints SET parent_notified_at = $2 WHERE incident_id = $1', [incidentId, new Date(e.recordedAt)]);
        return disarm(db, 'parent_not_notified', incidentId);
      }
      case 'DebriefHeld': {
        const incidentId = entityId(e, 'incident');
        const kind = (e.data as DebriefHeld['data']).kind;
        await db.query(`UPDATE restraints SET ${kind === 'pupil' ? 'pupil_debrief_at' : 'staff_debrief_at'} = $2 WHERE incident_id = $1`, [
          incidentId,
          new Date(e.recordedAt),
        ]);
        return disarm(db, 'debrief_overdue', `${incidentId}:${kind}`);
      }
      case 'StaffMemberRegistered': {
        const d = e.data as StaffMemberRegistered['data'];
        await db.query(
          `INSERT INTO staff_members (staff_id, school_id, job_role) VALUES ($1, $2, $3)
           ON CONFLICT (staff_id) DO UPDATE SET school_id = $2, job_role = $3`,
          [d.staffId, d.schoolId, d.jobRole],
        );
        return;
      }
      case 'TrainingCompleted':
        return trainingCompleted(db, e);
      case 'CoverAssigned':
        if (schoolId) await coverAssigned(db, e, ctx, schoolId);
        return;
      case 'CoverCancelled':
        await db.query('UPDATE cover_days SET cancelled = true WHERE assignment_id = $1', [
          (e.data as CoverCancelled['data']).assignmentId,
        ]);
        return;
      case 'AlertAcknowledged':
      case 'AlertResolved':
        return lifecycle(db, e, ctx);
    }
  }

  return {
    name: ALERTS_PROJECTION,
    version: 1,
    tables: TABLES,
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
