import { alertsProjection, DEFAULT_ALERT_THRESHOLDS } from '#lib/alerts';
import { concernRaised, inboxAlerts, projectionHarnessPerTest } from '#lib/testing';
import type { ConcernRaised } from '../domain/events.js';
import { concernAlertRules } from './concern-alert-rules.js';

// Given events → then rows, without the platform: the inbox with the concern rules alone, time moved by the fake clock.
const h = projectionHarnessPerTest('concern_alert_rules_projection', [
  alertsProjection({ rules: [concernAlertRules(DEFAULT_ALERT_THRESHOLDS)] }),
]);

const MIN = 60_000;
const at = (ms: number) => new Date(ms).toISOString();

const alerts = () => inboxAlerts(h, 'raised_at, escalation_level, concern_id');

// Two categories, so the alert's message names both.
const raised = (concernId: string, data: Partial<ConcernRaised['data']> = {}) =>
  concernRaised(concernId, { categories: ['neglect', 'online_safety'], ...data });

describe('concern alert rules in the inbox', () => {
  it('alerts the DSL of the event’s school to a new concern, and raises nothing from a concern without a school', async () => {
    await h.given('concern-c1', [raised('c1')]);
    await h.given('concern-c2', [raised('c2')], { schoolId: null });
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'concern_raised',
        priority: 'medium',
        audience: 'dsl',
        escalation_level: 0,
        school_id: 'oakfield',
        pupil_id: 'p1',
        concern_id: 'c1',
        about_staff_id: null,
        status: 'open',
        raised_at: h.clock.now().toISOString(),
        message: 'New routine concern: Neglect, Online safety',
      }),
    ]);
    // A routine concern has no escalation ladder.
    h.clock.advanceMinutes(60);
    await h.tick();
    expect(await alerts()).toHaveLength(1);
  });

  it('escalates an unacknowledged urgent concern to the deputy DSL at +15 minutes and the headteacher at +30, not a moment before', async () => {
    const start = h.clock.now().getTime();
    await h.given('concern-c1', [raised('c1', { urgency: 'urgent' })]);
    const escalations = async () => (await alerts()).filter((a) => a.kind === 'concern_unacknowledged');

    h.clock.set(at(start + 15 * MIN - 1000));
    await h.tick();
    expect(await escalations()).toEqual([]);

    h.clock.set(at(start + 15 * MIN));
    await h.tick();
    expect((await escalations()).map((a) => [a.audience, a.escalation_level, a.priority, a.raised_at])).toEqual([
      ['deputy_dsl', 1, 'high', at(start + 15 * MIN)],
    ]);

    // Time passing past both thresholds at once still stamps each alert with its own due time.
    h.clock.set(at(start + 90 * MIN));
    await h.tick();
    expect((await escalations()).map((a) => [a.audience, a.escalation_level, a.priority, a.raised_at])).toEqual([
      ['deputy_dsl', 1, 'high', at(start + 15 * MIN)],
      ['headteacher', 2, 'critical', at(start + 30 * MIN)],
    ]);
  });

  it('does not escalate an urgent concern acknowledged at +10 minutes', async () => {
    const start = h.clock.now().getTime();
    await h.given('concern-c1', [raised('c1', { urgency: 'immediate_danger' })]);
    h.clock.set(at(start + 10 * MIN));
    await h.given('concern-c1', [{ type: 'ConcernAcknowledged', data: { acknowledgedBy: 'dsl', acknowledgedAt: at(start + 10 * MIN) } }]);
    h.clock.set(at(start + 45 * MIN));
    await h.tick();
    expect((await alerts()).map((a) => [a.kind, a.priority])).toEqual([['concern_raised', 'critical']]);
  });

  it('sends an allegation about an adult to the case manager only, each alert naming the adult so they never see it', async () => {
    const start = h.clock.now().getTime();
    await h.given('concern-c1', [raised('c1', { urgency: 'urgent', aboutAdult: { staffId: 'ben' }, routedTo: 'headteacher' })]);
    await h.given('concern-c2', [raised('c2', { aboutAdult: { staffId: 'head' }, routedTo: 'trust_safeguarding_lead' })]);
    h.clock.set(at(start + 45 * MIN));
    await h.tick();
    const rows = await alerts();
    expect(rows.map((a) => [a.concern_id, a.kind, a.audience, a.escalation_level, a.staff_id, a.about_staff_id])).toEqual([
      ['c1', 'allegation_raised', 'headteacher', 0, 'ben', 'ben'],
      ['c2', 'allegation_raised', 'trust_safeguarding_lead', 0, 'head', 'head'],
      // The ladder never leaves the case manager: no deputy DSL step, a reminder to them at +30.
      ['c1', 'concern_unacknowledged', 'headteacher', 2, 'ben', 'ben'],
    ]);
    expect(rows.find((a) => a.concern_id === 'c1' && a.escalation_level === 2)?.raised_at).toBe(at(start + 30 * MIN));
  });
});
