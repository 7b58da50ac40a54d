import { alertsProjection } from '#lib/alerts';
import { inboxAlerts, projectionHarnessPerTest } from '#lib/testing';
import { cpTransferAlertRules } from './cp-transfer-alert-rules.js';
import type { CpTransferEvent } from './domain/events.js';

// Given events → then rows, without the platform: the inbox with the transfers' rules alone, time moved by the fake clock.
const h = projectionHarnessPerTest('cp_transfer_alert_rules_projection', [alertsProjection({ rules: [cpTransferAlertRules()] })], {
  now: '2026-03-02T09:00:00Z',
});

const alerts = () => inboxAlerts(h, 'raised_at, escalation_level, kind');

// Left on Monday 2 March 2026: the 5th school day after is Monday 9 March.
const started = (transferId: string, toSchoolId: string | null): CpTransferEvent => ({
  type: 'CpTransferStarted',
  schemaVersion: 1,
  data: {
    transferId,
    pupilId: 'p1',
    fromSchoolId: 'oakfield',
    leftOn: '2026-03-02',
    destination: { schoolId: toSchoolId, name: toSchoolId ? 'Elsewhere Academy' : 'Hillside School', urn: null },
    dueOn: '2026-03-09',
    startedBy: 'dsl',
    startedAt: '2026-03-02T09:00:00.000Z',
  },
});

const at = async (instant: string) => {
  h.clock.set(instant);
  await h.tick();
};

describe('child protection file transfer alert rules in the inbox', () => {
  it('tells a receiving school on the platform at once, and the sender’s DSL at the start of the 6th school day, then the head two school days later', async () => {
    await h.given('cp-transfer-t1', [started('t1', 'elsewhere')]);
    expect((await alerts()).map((a) => [a.kind, a.school_id, a.audience, a.pupil_id])).toEqual([
      ['cp_transfer_incoming', 'elsewhere', 'dsl', 'p1'],
    ]);
    // Greenwich Mean Time in March: a London day starts at midnight UTC.
    await at('2026-03-09T23:59:59.000Z');
    expect((await alerts()).filter((a) => a.kind === 'cp_transfer_due')).toEqual([]);
    await at('2026-03-10T00:00:00.000Z');
    await at('2026-03-12T00:00:00.000Z');
    expect(
      (await alerts()).filter((a) => a.kind === 'cp_transfer_due').map((a) => [a.priority, a.audience, a.school_id, a.raised_at]),
    ).toEqual([
      ['high', 'dsl', 'oakfield', '2026-03-10T00:00:00.000Z'],
      ['critical', 'headteacher', 'oakfield', '2026-03-12T00:00:00.000Z'],
    ]);
  });

  it('counts school days: a weekend inside the window moves the alert to the Monday', async () => {
    await h.given('cp-transfer-t1', [
      { ...started('t1', null), data: { ...started('t1', null).data, leftOn: '2026-03-04', dueOn: '2026-03-11' } },
    ]);
    // Due Wednesday 11 March: overdue at the start of Thursday 12th; the head two school days on, Monday 16th.
    await at('2026-03-15T23:59:59.000Z');
    expect((await alerts()).map((a) => [a.escalation_level, a.raised_at])).toEqual([[0, '2026-03-12T00:00:00.000Z']]);
    await at('2026-03-16T00:00:00.000Z');
    expect((await alerts()).map((a) => [a.escalation_level, a.raised_at])).toEqual([
      [0, '2026-03-12T00:00:00.000Z'],
      [2, '2026-03-16T00:00:00.000Z'],
    ]);
  });

  it('resolves what fired and cancels what has not once the receipt is confirmed or recorded', async () => {
    await h.given('cp-transfer-t1', [started('t1', 'elsewhere')]);
    await h.given('cp-transfer-t2', [started('t2', null)]);
    await at('2026-03-05T10:00:00.000Z');
    await h.given('cp-transfer-t1', [
      {
        type: 'CpTransferReceiptConfirmed',
        data: { confirmedBy: 'their-dsl', schoolId: 'elsewhere', receivedAt: '2026-03-05T10:00:00.000Z' },
      },
    ]);
    await at('2026-03-10T09:00:00.000Z');
    await h.given('cp-transfer-t2', [
      {
        type: 'CpTransferReceiptRecorded',
        data: { receivedBy: 'Ms Hill', receivedAt: '2026-03-10T08:00:00.000Z', recordedBy: 'dsl', recordedAt: '2026-03-10T09:00:00.000Z' },
      },
    ]);
    await at('2026-03-20T00:00:00.000Z');
    // t1: the receiving school's alert resolved, nothing fell due. t2 fell due once, was resolved by the receipt, and never escalated.
    expect((await alerts()).map((a) => [a.kind, a.escalation_level, a.status, a.raised_at])).toEqual([
      ['cp_transfer_incoming', 0, 'resolved', '2026-03-02T09:00:00.000Z'],
      ['cp_transfer_due', 0, 'resolved', '2026-03-10T00:00:00.000Z'],
    ]);
  });
});
