import { ALERTS_PROJECTION, alertsProjection, DEFAULT_ALERT_THRESHOLDS } from '#lib/alerts';
import { type ProjectionHarness, projectionHarness } from '#lib/testing';
import type { ConcernEvent, ConcernRaised } from '../domain/events.js';
import { concernAlertRules } from './concern-alert-rules.js';

// Given events → then rows, without the platform: the inbox with the concern rules alone, time moved by the fake clock.
let h: ProjectionHarness;
beforeEach(async () => {
  h = await projectionHarness('concern_alert_rules_projection', [
    alertsProjection({ rules: [concernAlertRules(DEFAULT_ALERT_THRESHOLDS)] }),
  ]);
});
afterEach(async () => h.close());

const MIN = 60_000;
const at = (ms: number) => new Date(ms).toISOString();

interface AlertRow {
  kind: string;
  priority: string;
  audience: string;
  escalation_level: number;
  school_id: string;
  pupil_id: string | null;
  staff_id: string | null;
  concern_id: string | null;
  about_staff_id: string | null;
  raised_at: Date;
  status: string;
}
const alerts = async () =>
  (await h.rows<AlertRow>(ALERTS_PROJECTION, 'alerts', 'raised_at, escalation_level, concern_id')).map((a) => ({
    ...a,
    raised_at: a.raised_at.toISOString(),
  }));

const raised = (concernId: string, data: Partial<ConcernRaised['data']> = {}): ConcernEvent => ({
  type: 'ConcernRaised',
  schemaVersion: 1,
  data: {
    concernId,
    pupilIds: ['p1'],
    categories: ['neglect', 'online_safety'],
    summary: 'Came in hungry again',
    details: 'Said there was no breakfast at home this week.',
    occurredAt: '2026-03-02T08:45:00.000Z',
    urgency: 'routine',
    informedDslVerbally: false,
    aboutAdult: null,
    lowLevel: false,
    bodyMap: [],
    routedTo: 'dsl',
    raisedBy: 'ada',
    raisedAt: '2026-03-02T09:00:00.000Z',
    ...data,
  },
});

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
