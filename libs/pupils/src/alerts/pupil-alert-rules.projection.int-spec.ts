import { alertsProjection } from '#lib/alerts';
import { inboxAlerts, projectionHarnessPerTest, pupilRegistered } from '#lib/testing';
import type { BehaviourPlanRecorded, BehaviourPlanReviewed } from '../domain/events.js';
import { pupilAlertRules } from './pupil-alert-rules.js';

// Given events → then rows, without the platform: the inbox with the pupils' rules alone, time moved by the fake clock.
const h = projectionHarnessPerTest('pupil_alert_rules_projection', [alertsProjection({ rules: [pupilAlertRules()] })]);

const alerts = () => inboxAlerts(h, 'raised_at, kind');

const planRecorded = (revision: number, reviewDueOn: string): Pick<BehaviourPlanRecorded, 'type' | 'data'> => ({
  type: 'BehaviourPlanRecorded',
  data: {
    revision,
    summary: 'Calm space first; one adult speaks',
    reviewDueOn,
    recordedBy: 'dsl-1',
    recordedAt: h.clock.now().toISOString(),
  },
});
const planReviewed = (revision: number, reviewedOn: string, nextReviewDueOn: string): Pick<BehaviourPlanReviewed, 'type' | 'data'> => ({
  type: 'BehaviourPlanReviewed',
  data: { revision, notes: 'Working; keep', reviewedOn, nextReviewDueOn, reviewedBy: 'dsl-1', reviewedAt: h.clock.now().toISOString() },
});

const at = async (instant: string) => {
  h.clock.set(instant);
  await h.tick();
};

describe('pupil alert rules in the inbox', () => {
  it('tells the DSL at the start of the review date (a London day) that the behaviour support plan is due for review', async () => {
    await h.given('pupil-p1', [pupilRegistered('p1'), planRecorded(1, '2026-05-11')]);
    // 11 May is in British Summer Time: the day starts at 23:00 UTC the evening before.
    await at('2026-05-10T22:59:59.000Z');
    expect(await alerts()).toEqual([]);
    await at('2026-05-10T23:00:00.000Z');
    expect(
      (await alerts()).map((a) => [a.kind, a.priority, a.audience, a.pupil_id, a.school_id, a.status, a.raised_at, a.message]),
    ).toEqual([
      [
        'behaviour_plan_review_due',
        'medium',
        'dsl',
        'p1',
        'oakfield',
        'open',
        '2026-05-10T23:00:00.000Z',
        'The behaviour support plan is due for review on 2026-05-11',
      ],
    ]);
  });

  it('resolves the reminder when the review is recorded and reminds again on the next date, even a review that keeps the same date', async () => {
    await h.given('pupil-p1', [pupilRegistered('p1'), planRecorded(1, '2026-05-11')]);
    await at('2026-05-11T09:00:00.000Z');
    await h.given('pupil-p1', [planReviewed(1, '2026-05-11', '2026-05-11')]);
    expect((await alerts()).map((a) => [a.kind, a.status])).toEqual([['behaviour_plan_review_due', 'resolved']]);

    // The reviewed plan's own reminder is a second alert. Its date has begun already, so it is raised at once, when the review was recorded.
    await at('2026-05-11T09:00:01.000Z');
    expect((await alerts()).map((a) => [a.status, a.raised_at])).toEqual([
      ['resolved', '2026-05-10T23:00:00.000Z'],
      ['open', '2026-05-11T09:00:00.000Z'],
    ]);
  });

  it('moves the reminder when the plan is revised before its review date: nothing on the old date', async () => {
    await h.given('pupil-p1', [pupilRegistered('p1'), planRecorded(1, '2026-05-11')]);
    await at('2026-04-20T09:00:00.000Z');
    await h.given('pupil-p1', [planRecorded(2, '2026-07-06')]);
    await at('2026-06-01T00:00:00.000Z');
    expect(await alerts()).toEqual([]);
    await at('2026-07-05T23:00:00.000Z');
    expect((await alerts()).map((a) => [a.kind, a.raised_at, a.message])).toEqual([
      ['behaviour_plan_review_due', '2026-07-05T23:00:00.000Z', 'The behaviour support plan is due for review on 2026-07-06'],
    ]);
  });

  it('keeps each pupil’s reminder to that pupil', async () => {
    await h.given('pupil-p1', [pupilRegistered('p1'), planRecorded(1, '2026-05-11')]);
    await h.given('pupil-p2', [pupilRegistered('p2'), planRecorded(1, '2026-05-12')]);
    await at('2026-05-11T09:00:00.000Z');
    await h.given('pupil-p1', [planReviewed(1, '2026-05-11', '2026-09-07')]);
    await at('2026-05-12T09:00:00.000Z');
    expect((await alerts()).map((a) => [a.pupil_id, a.status])).toEqual([
      ['p1', 'resolved'],
      ['p2', 'open'],
    ]);
  });
});
