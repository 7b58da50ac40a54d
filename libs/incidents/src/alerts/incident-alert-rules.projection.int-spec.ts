import { ALERTS_PROJECTION, alertsProjection, DEFAULT_ALERT_THRESHOLDS } from '#lib/alerts';
import { inboxAlerts, incidentRecorded, projectionHarnessPerTest, trainingCompleted } from '#lib/testing';
import { incidentAlertRules } from './incident-alert-rules.js';

// Given events → then rows, without the platform: the inbox with the restraint rules alone, time moved by the fake clock.
const h = projectionHarnessPerTest('incident_alert_rules_projection', [
  alertsProjection({ rules: [incidentAlertRules(DEFAULT_ALERT_THRESHOLDS)] }),
]);

const alerts = async (kind?: string) => (await inboxAlerts(h, 'raised_at, incident_id, kind')).filter((a) => !kind || a.kind === kind);

const certified = (completionId: string) => trainingCompleted(completionId, { recordedAt: '2026-03-01T09:00:00.000Z' });

describe('incident alert rules in the inbox', () => {
  it('reports every restraint to the DSL, and a hold used without an in-date certificate, for that member of staff only', async () => {
    await h.given('staff-ada', [certified('c1')]);
    await h.given('incident-i1', [
      incidentRecorded('i1', {
        staffInvolved: [
          { staffId: 'ada', holds: ['single_elbow'] },
          { staffId: 'ben', holds: ['figure_of_four'] },
          { staffId: 'cat', holds: [] },
        ],
      }),
    ]);
    expect((await alerts()).map((a) => [a.kind, a.audience, a.priority, a.school_id, a.pupil_id, a.incident_id, a.staff_id])).toEqual([
      ['restraint_recorded', 'dsl', 'medium', 'oakfield', 'p1', 'i1', null],
      ['uncertified_restraint', 'dsl', 'high', 'oakfield', 'p1', 'i1', 'ben'],
    ]);
  });

  it('flags a restraint recorded on a later day than it happened', async () => {
    await h.given('incident-i1', [incidentRecorded('i1')]);
    h.clock.set('2026-03-03T08:00:00.000Z');
    await h.given('incident-i2', [
      incidentRecorded('i2', { pupilId: 'p2', occurredAt: '2026-03-02T14:00:00.000Z', endedAt: '2026-03-02T14:05:00.000Z' }),
    ]);
    expect((await alerts('restraint_recorded_late')).map((a) => [a.incident_id, a.raised_at])).toEqual([
      ['i2', '2026-03-03T08:00:00.000Z'],
    ]);
  });

  it('reminds the DSL of parents not told by the end of the day and debriefs not held within two school days, unless recorded first', async () => {
    await h.given('incident-i1', [incidentRecorded('i1')]);
    await h.given('incident-i2', [incidentRecorded('i2', { pupilId: 'p2' })]);
    h.clock.set('2026-03-02T15:30:00.000Z');
    await h.given('incident-i1', [
      {
        type: 'ParentNotified',
        data: {
          notifiedAt: '2026-03-02T15:20:00.000Z',
          method: 'phone',
          notifiedBy: 'ada',
          recordedBy: 'ada',
          recordedAt: '2026-03-02T15:30:00.000Z',
        },
      },
      {
        type: 'DebriefHeld',
        data: {
          debriefId: 'd1',
          kind: 'pupil',
          heldAt: '2026-03-02T15:00:00.000Z',
          notes: 'Talked it through',
          recordedBy: 'ada',
          recordedAt: '2026-03-02T15:30:00.000Z',
        },
      },
    ]);

    h.clock.set('2026-03-02T23:59:59.000Z');
    await h.tick();
    expect(await alerts('parent_not_notified')).toEqual([]);
    h.clock.set('2026-03-03T00:00:00.000Z');
    await h.tick();
    expect((await alerts('parent_not_notified')).map((a) => [a.incident_id, a.raised_at])).toEqual([['i2', '2026-03-02T23:59:59.999Z']]);

    // Monday's restraint: debriefs are due by the end of Wednesday.
    h.clock.set('2026-03-05T00:00:00.000Z');
    await h.tick();
    const overdue = await h.rows<{ incident_id: string; message: string }>(ALERTS_PROJECTION, 'alerts', 'incident_id, message');
    expect(overdue.filter((a) => a.message.startsWith('No ')).map((a) => [a.incident_id, a.message.split(' ')[1]])).toEqual([
      ['i1', 'staff'],
      ['i2', 'pupil'],
      ['i2', 'staff'],
    ]);
  });

  it('asks for a behaviour-plan review on the second restraint of a pupil within 7 days, once for that run', async () => {
    await h.given('incident-i1', [incidentRecorded('i1', { occurredAt: '2026-02-24T10:00:00.000Z', endedAt: '2026-02-24T10:03:00.000Z' })]);
    await h.given('incident-i2', [incidentRecorded('i2', { pupilId: 'p2' })]);
    expect(await alerts('repeat_restraint')).toEqual([]);
    await h.given('incident-i3', [incidentRecorded('i3')]);
    await h.given('incident-i4', [incidentRecorded('i4', { occurredAt: '2026-03-02T11:00:00.000Z', endedAt: '2026-03-02T11:02:00.000Z' })]);
    expect((await alerts('repeat_restraint')).map((a) => [a.pupil_id, a.priority])).toEqual([['p1', 'high']]);
  });
});
