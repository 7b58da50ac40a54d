import { projectionHarnessPerTest, staffMemberRegistered } from '#lib/testing';
import { STAFF_DIRECTORY, staffDirectoryProjection } from './staff-directory.projection.js';

// Given events → then rows, without the platform: the directory's table as the projection writes it.
const h = projectionHarnessPerTest('staff_directory_projection', [staffDirectoryProjection]);

describe('staff directory projection', () => {
  it('lists a member of staff with their job, roles and contract as registered', async () => {
    await h.given('staff-ada', [
      staffMemberRegistered('ada', { jobRole: 'dsl', roles: ['dsl', 'deputy_dsl'], contractedHoursPerWeek: 37.5 }),
    ]);
    expect(await h.rows(STAFF_DIRECTORY, 'staff')).toEqual([
      {
        staff_id: 'ada',
        school_id: 'oakfield',
        name: 'Staff ada',
        job_role: 'dsl',
        roles: ['dsl', 'deputy_dsl'],
        contracted_hours_per_week: '37.5',
        hlta: false,
        start_date: '2025-09-01',
        left_on: null,
      },
    ]);
  });

  it('keeps a member of staff who was deactivated, with the London day they left', async () => {
    await h.given('staff-ada', [
      staffMemberRegistered('ada'),
      { type: 'StaffMemberDeactivated', data: { staffId: 'ada', reason: 'Left', deactivatedAt: '2026-03-02T16:00:00.000Z' } },
    ]);
    expect(
      (await h.rows<{ staff_id: string; left_on: string | null }>(STAFF_DIRECTORY, 'staff')).map((r) => [r.staff_id, r.left_on]),
    ).toEqual([['ada', '2026-03-02']]);
  });

  it('keeps each member of staff in the school the registration names, not the metadata’s', async () => {
    // The trust registers staff for its schools: the row's school is the one in the event's data.
    await h.given('staff-ben', [staffMemberRegistered('ben', { schoolId: 'riverside', hlta: true, jobRole: 'hlta' })], { schoolId: null });
    await h.given('staff-cat', [staffMemberRegistered('cat')]);
    const rows = await h.rows<{ staff_id: string; school_id: string; hlta: boolean }>(STAFF_DIRECTORY, 'staff', 'staff_id');
    expect(rows.map((r) => [r.staff_id, r.school_id, r.hlta])).toEqual([
      ['ben', 'riverside', true],
      ['cat', 'oakfield', false],
    ]);
  });
});
