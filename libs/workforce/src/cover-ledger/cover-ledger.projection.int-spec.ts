import { coverAssigned, projectionHarness, projectionHarnessPerTest, staffMemberRegistered } from '#lib/testing';
import { COVER_LEDGER, coverLedgerProjection } from './cover-ledger.projection.js';

// Given events → then rows, without the platform: the ledger's tables as the projection writes them.
const h = projectionHarnessPerTest('cover_ledger_projection', [coverLedgerProjection]);

const registered = (staffId: string, hours: number) => staffMemberRegistered(staffId, { contractedHoursPerWeek: hours });
const assigned = (assignmentId: string, staffId: string, date: string, minutes: number) =>
  coverAssigned(assignmentId, { staffId, date, minutes, weekCoverMinutes: minutes, absentTeacherId: null });

describe('cover ledger projection', () => {
  it('keeps each staff member with their contract in minutes', async () => {
    await h.given('staff-ada', [registered('ada', 32.5)]);
    expect(await h.rows(COVER_LEDGER, 'staff')).toEqual([
      expect.objectContaining({
        staff_id: 'ada',
        school_id: 'oakfield',
        name: 'Staff ada',
        contracted_minutes_per_week: '1950',
        hlta: false,
      }),
    ]);
  });

  it('records each assignment in the school of the event and keeps a cancelled one, flagged', async () => {
    await h.given('cover-ada', [assigned('a1', 'ada', '2026-03-02', 60), assigned('a2', 'ada', '2026-03-03', 45)]);
    await h.given('cover-ada', [
      {
        type: 'CoverCancelled',
        data: { assignmentId: 'a1', reason: 'back', cancelledBy: 'head', cancelledAt: '2026-03-02T08:30:00.000Z' },
      },
    ]);
    const rows = await h.rows<{ assignment_id: string; minutes: number; cancelled: boolean; school_id: string }>(
      COVER_LEDGER,
      'assignments',
      'assignment_id',
    );
    expect(rows.map((r) => [r.assignment_id, r.minutes, r.cancelled, r.school_id])).toEqual([
      ['a1', 60, true, 'oakfield'],
      ['a2', 45, false, 'oakfield'],
    ]);
  });

  it('records no assignment from an event without a school', async () => {
    const trustLevel = await projectionHarness('cover_ledger_no_school', [coverLedgerProjection], { schoolId: null });
    try {
      await trustLevel.given('cover-ada', [assigned('a1', 'ada', '2026-03-02', 60)]);
      expect(await trustLevel.rows(COVER_LEDGER, 'assignments')).toEqual([]);
    } finally {
      await trustLevel.close();
    }
  });
});
