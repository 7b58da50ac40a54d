import { alertsProjection, DEFAULT_ALERT_THRESHOLDS } from '#lib/alerts';
import { coverAssigned, inboxAlerts, projectionHarnessPerTest, staffMemberRegistered, trainingCompleted } from '#lib/testing';
import type { CoverAssigned } from '../domain/cover/events.js';
import type { JobRole } from '../domain/staff/vocabulary.js';
import { workforceAlertRules } from './workforce-alert-rules.js';

// Given events → then rows, without the platform: the inbox with the workforce rules alone, time moved by the fake clock.
const h = projectionHarnessPerTest('workforce_alert_rules_projection', [
  alertsProjection({ rules: [workforceAlertRules(DEFAULT_ALERT_THRESHOLDS)] }),
]);

const alerts = () => inboxAlerts(h, 'raised_at, kind');

const registered = (staffId: string, jobRole: JobRole) => staffMemberRegistered(staffId, { jobRole });
const completed = (completionId: string, completedOn: string, expiresOn: string) =>
  trainingCompleted(completionId, { course: 'team_teach_level_1', completedOn, expiresOn });
const assigned = (assignmentId: string, date: string, data: Partial<CoverAssigned['data']> = {}) =>
  coverAssigned(assignmentId, { date, ...data });

describe('workforce alert rules in the inbox', () => {
  it('warns the DSL of training a job role requires 28 days before it expires, then when it has expired', async () => {
    await h.given('staff-ada', [registered('ada', 'teaching_assistant'), completed('c1', '2024-04-30', '2026-04-30')]);
    // Teachers need no Team Teach by default: the same certificate raises nothing for them.
    await h.given('staff-ben', [registered('ben', 'teacher'), completed('c2', '2024-04-30', '2026-04-30')]);

    h.clock.set('2026-04-01T22:59:59.000Z');
    await h.tick();
    expect(await alerts()).toEqual([]);

    // Both dates are London days (British Summer Time by then).
    h.clock.set('2026-04-01T23:00:00.000Z');
    await h.tick();
    h.clock.set('2026-05-01T00:00:00.000Z');
    await h.tick();
    expect((await alerts()).map((a) => [a.kind, a.priority, a.audience, a.staff_id, a.raised_at])).toEqual([
      ['training_due', 'low', 'dsl', 'ada', '2026-04-01T23:00:00.000Z'],
      ['training_expired', 'medium', 'dsl', 'ada', '2026-04-30T23:00:00.000Z'],
    ]);
  });

  it('lets a renewal replace the reminders of the certificate it renews, and an older certificate entered late change nothing', async () => {
    await h.given('staff-ada', [registered('ada', 'teaching_assistant'), completed('c1', '2024-04-30', '2026-04-30')]);
    h.clock.set('2026-03-20T09:00:00.000Z');
    await h.given('staff-ada', [completed('c2', '2026-03-19', '2028-03-19'), completed('c0', '2022-04-30', '2024-04-30')]);
    h.clock.set('2026-06-01T00:00:00.000Z');
    await h.tick();
    expect(await alerts()).toEqual([]);
    h.clock.set('2028-02-20T00:00:00.000Z');
    await h.tick();
    expect((await alerts()).map((a) => [a.kind, a.message])).toEqual([
      ['training_due', 'Team Teach Level 1 expires on 2028-03-19: book the refresher'],
    ]);
  });

  it('settles a leaver’s training: the alert that fired is resolved, the reminder still to come never fires', async () => {
    await h.given('staff-ada', [
      registered('ada', 'teaching_assistant'),
      completed('c1', '2024-04-30', '2026-04-30'),
      trainingCompleted('c2', { course: 'paediatric_first_aid', completedOn: '2024-09-01', expiresOn: '2027-09-01' }),
    ]);
    h.clock.set('2026-05-01T00:00:00.000Z');
    await h.tick();
    expect((await alerts()).map((a) => [a.kind, a.status])).toEqual([
      ['training_due', 'open'],
      ['training_expired', 'open'],
    ]);
    await h.given('staff-ada', [
      { type: 'StaffMemberDeactivated', data: { staffId: 'ada', reason: 'Left', deactivatedAt: '2026-05-01T09:00:00.000Z' } },
    ]);
    // A certificate entered after she left arms nothing either.
    await h.given('staff-ada', [completed('c3', '2026-04-29', '2028-04-29')]);
    h.clock.set('2028-06-01T00:00:00.000Z');
    await h.tick();
    expect((await alerts()).map((a) => [a.kind, a.status, a.staff_id])).toEqual([
      ['training_due', 'resolved', 'ada'],
      ['training_expired', 'resolved', 'ada'],
    ]);
  });

  it('raises cover over the cap only on a headteacher’s override', async () => {
    await h.given('cover-ada', [
      assigned('a1', '2026-03-02'),
      assigned('a2', '2026-03-03', { warnings: ['over_cap_overridden'], weekCoverMinutes: 420, overrideReason: 'Ofsted visit' }),
    ]);
    expect((await alerts()).map((a) => [a.kind, a.staff_id, a.cover_assignment_id, a.school_id])).toEqual([
      ['cover_over_cap', 'ada', 'a2', 'oakfield'],
    ]);
  });

  it('alerts once when one teacher’s absence is covered for more than 5 school days in a row, a cancelled day breaking the run', async () => {
    // Monday to Friday, then the next Monday: the weekend does not break a run of school days.
    await h.given('cover-ada', [
      assigned('a1', '2026-03-02'),
      assigned('a2', '2026-03-03'),
      assigned('a3', '2026-03-04'),
      assigned('a4', '2026-03-05'),
      assigned('a5', '2026-03-06'),
    ]);
    await h.given('cover-ada', [
      {
        type: 'CoverCancelled',
        data: { assignmentId: 'a3', reason: 'back for a day', cancelledBy: 'head', cancelledAt: '2026-03-03T16:00:00.000Z' },
      },
    ]);
    await h.given('cover-ada', [assigned('a6', '2026-03-09')]);
    expect(await alerts()).toEqual([]);

    await h.given('cover-ben', [assigned('b3', '2026-03-04', { staffId: 'ben' })]);
    await h.given('cover-ada', [assigned('a7', '2026-03-10')]);
    expect((await alerts()).map((a) => [a.kind, a.staff_id, a.cover_assignment_id])).toEqual([['cover_long_term', 'tom', 'b3']]);
  });
});
