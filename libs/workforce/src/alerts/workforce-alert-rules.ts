import { alertRules, type AlertThresholds, schoolDayRun } from '#lib/alerts';
import { addDays, addSchoolDays, endOfLondonDay, isSchoolDay, startOfLondonDay } from '#lib/kernel';
import type { CoverEvent } from '../domain/cover/events.js';
import type { StaffEvent } from '../domain/staff/events.js';
import { DEFAULT_TRAINING_REFERENCE, requiredCourses, type TrainingReference } from '../domain/staff/training-reference.js';
import { AlertCoverDay, AlertStaffCertificate, AlertStaffMember } from './workforce-alert.entities.js';
import { WorkforceAlertTables1796139557589 } from './migrations/1796139557589-workforce-alert-tables.js';

export const WORKFORCE_ALERT_KINDS = ['training_expired', 'training_due', 'cover_over_cap', 'cover_long_term'] as const;

const staffIdOf = (streamId: string) => streamId.slice('staff-'.length);

const TRAINING_KINDS = ['training_due', 'training_expired'] as const;

/**
 * The workforce rules: training a job role or a role (a deputy DSL's DSL training) requires falls due and expires; cover over the cap on a
 * headteacher's override; one teacher's absence covered for too many school days in a row.
 */
export function workforceAlertRules(t: AlertThresholds, reference: TrainingReference = DEFAULT_TRAINING_REFERENCE) {
  return alertRules<StaffEvent | CoverEvent>()({
    family: 'workforce',
    kinds: WORKFORCE_ALERT_KINDS,
    entities: [AlertStaffMember, AlertStaffCertificate, AlertCoverDay],
    migrations: [WorkforceAlertTables1796139557589],
    handlers: {
      StaffMemberRegistered: (e, a) => {
        a.rows
          .of(AlertStaffMember)
          .put({ staffId: e.data.staffId, schoolId: e.data.schoolId, jobRole: e.data.jobRole, roles: e.data.roles });
      },
      StaffMemberDetailsChanged: {
        needs: (e, need) => need.key(AlertStaffMember, { staffId: staffIdOf(e.streamId) }),
        act: (e, a) => void a.rows.of(AlertStaffMember).update({ staffId: staffIdOf(e.streamId) }, { jobRole: e.data.jobRole }),
      },
      TrainingCompleted: {
        needs: (e, need) => {
          const staffId = staffIdOf(e.streamId);
          const subject = `${staffId}:${e.data.course}`;
          need.key(AlertStaffMember, { staffId });
          need.where(AlertStaffCertificate, { staffId, course: e.data.course });
          need.timers('training_due', subject);
          need.timers('training_expired', subject);
        },
        act: (e, a) => {
          const staffId = staffIdOf(e.streamId);
          const d = e.data;
          const certificates = a.rows.of(AlertStaffCertificate);
          certificates.insert({
            completionId: d.completionId,
            staffId,
            course: d.course,
            completedOn: d.completedOn,
            expiresOn: d.expiresOn,
          });
          const member = a.rows.of(AlertStaffMember).get({ staffId });
          if (!member || !requiredCourses(reference, member.jobRole, member.roles).includes(d.course)) return;
          const latest = certificates.where({ staffId, course: d.course }).reduce((max, c) => (c.expiresOn > max ? c.expiresOn : max), '');
          // Only the certificate that expires last counts; an older one entered late changes nothing.
          if (latest !== d.expiresOn) return;
          const subject = `${staffId}:${d.course}`;
          // A renewal replaces the reminders of the certificate it renews.
          a.disarm('training_due', subject);
          a.disarm('training_expired', subject);
          const armedAt = new Date(e.recordedAt);
          const title = reference.courses[d.course]?.title ?? d.course;
          const base = { escalationLevel: 0 as const, audience: 'dsl' as const, schoolId: member.schoolId, subject: { staffId } };
          const expiredAt = startOfLondonDay(addDays(d.expiresOn, 1));
          if (expiredAt > armedAt) {
            a.arm(subject, startOfLondonDay(addDays(d.expiresOn, -t.trainingDueDays)), armedAt, {
              ...base,
              cause: `training_due:${staffId}:${d.course}:${d.expiresOn}`,
              kind: 'training_due',
              priority: 'low',
              message: `${title} expires on ${d.expiresOn}: book the refresher`,
            });
          }
          a.arm(subject, expiredAt, armedAt, {
            ...base,
            cause: `training_expired:${staffId}:${d.course}:${d.expiresOn}`,
            kind: 'training_expired',
            priority: 'medium',
            message: `${title} expired on ${d.expiresOn} and the job role or role requires it`,
          });
        },
      },
      // A leaver's training is nobody's to renew: what fired is resolved, what has not is disarmed, and later certificates arm nothing.
      StaffMemberDeactivated: {
        needs: (e, need) => {
          const staffId = staffIdOf(e.streamId);
          need.key(AlertStaffMember, { staffId });
          for (const course of Object.keys(reference.courses))
            for (const kind of TRAINING_KINDS) need.firedAlerts(kind, `${staffId}:${course}`);
        },
        act: (e, a) => {
          const staffId = staffIdOf(e.streamId);
          const at = new Date(e.data.deactivatedAt);
          for (const course of Object.keys(reference.courses))
            for (const kind of TRAINING_KINDS) {
              a.resolveFired(kind, `${staffId}:${course}`, at, e.metadata.actorId, 'No longer on the staff');
              a.disarm(kind, `${staffId}:${course}`);
            }
          a.rows.of(AlertStaffMember).delete({ staffId });
        },
      },
      CoverAssigned: {
        needs: (e, need) => {
          const schoolId = e.metadata.schoolId;
          const teacher = e.data.absentTeacherId;
          if (!schoolId || !teacher) return;
          need.where(AlertCoverDay, { absentTeacherId: teacher, schoolId });
          need.claims('cover_long_term', `${schoolId}:${teacher}`);
        },
        act: (e, a) => {
          const schoolId = e.metadata.schoolId;
          if (!schoolId) return;
          const d = e.data;
          const recordedAt = new Date(e.recordedAt);
          const days = a.rows.of(AlertCoverDay);
          days.insert({
            assignmentId: d.assignmentId,
            schoolId,
            staffId: d.staffId,
            absentTeacherId: d.absentTeacherId,
            date: d.date,
            cancelled: false,
          });
          const base = { escalationLevel: 0 as const, audience: 'dsl' as const, schoolId, priority: 'medium' as const };
          if (d.warnings.includes('over_cap_overridden')) {
            a.raise(
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
          const covered = days.where({ absentTeacherId: d.absentTeacherId, schoolId }).filter((c) => !c.cancelled);
          const run = schoolDayRun(covered.map((c) => c.date).filter(isSchoolDay), d.date, (date) => addSchoolDays(date, 1));
          if (run.length <= t.longTermCoverSchoolDays) return;
          const start = startOfLondonDay(run[0]!);
          const end = endOfLondonDay(run.at(-1)!);
          const subject = `${schoolId}:${d.absentTeacherId}`;
          // One alert per absence: a run that overlaps one already alerted on is the same absence.
          if (a.claims('cover_long_term', subject).some((c) => c.windowStart <= end && c.windowEnd >= start)) return;
          const cause = `cover_long_term:${subject}:${run[0]}`;
          a.claim(cause, 'cover_long_term', subject, start, end);
          a.raise(
            {
              ...base,
              cause,
              kind: 'cover_long_term',
              subject: { staffId: d.absentTeacherId, coverAssignmentId: d.assignmentId },
              message: `One teacher's absence has been covered for ${run.length} school days since ${run[0]}: long-term cover needs a teacher`,
            },
            recordedAt,
          );
        },
      },
      CoverCancelled: {
        needs: (e, need) => need.key(AlertCoverDay, { assignmentId: e.data.assignmentId }),
        act: (e, a) => void a.rows.of(AlertCoverDay).update({ assignmentId: e.data.assignmentId }, { cancelled: true }),
      },
    },
  });
}
