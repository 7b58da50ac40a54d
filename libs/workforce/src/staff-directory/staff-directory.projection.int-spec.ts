import { type ProjectionHarness, projectionHarness } from '#lib/testing';
import type { StaffEvent, StaffMemberRegistered } from '../domain/staff/events.js';
import { STAFF_DIRECTORY, staffDirectoryProjection } from './staff-directory.projection.js';

// Given events → then rows, without the platform: the directory's table as the projection writes it.
let h: ProjectionHarness;
beforeEach(async () => {
  h = await projectionHarness('staff_directory_projection', [staffDirectoryProjection]);
});
afterEach(async () => h.close());

const registered = (staffId: string, data: Partial<StaffMemberRegistered['data']> = {}): StaffEvent => ({
  type: 'StaffMemberRegistered',
  schemaVersion: 1,
  data: {
    staffId,
    name: `Staff ${staffId}`,
    email: `${staffId}@oakfield.test`,
    jobRole: 'teaching_assistant',
    roles: [],
    contractedHoursPerWeek: 32.5,
    startDate: '2025-09-01',
    hlta: false,
    schoolId: 'oakfield',
    registeredAt: '2026-03-01T08:00:00.000Z',
    ...data,
  },
});

describe('staff directory projection', () => {
  it('lists a member of staff with their job, roles and contract as registered', async () => {
    await h.given('staff-ada', [registered('ada', { jobRole: 'dsl', roles: ['dsl', 'deputy_dsl'], contractedHoursPerWeek: 37.5 })]);
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
      },
    ]);
  });

  it('keeps each member of staff in the school the registration names, not the metadata’s', async () => {
    // The trust registers staff for its schools: the row's school is the one in the event's data.
    await h.given('staff-ben', [registered('ben', { schoolId: 'riverside', hlta: true, jobRole: 'hlta' })], { schoolId: null });
    await h.given('staff-cat', [registered('cat')]);
    const rows = await h.rows<{ staff_id: string; school_id: string; hlta: boolean }>(STAFF_DIRECTORY, 'staff', 'staff_id');
    expect(rows.map((r) => [r.staff_id, r.school_id, r.hlta])).toEqual([
      ['ben', 'riverside', true],
      ['cat', 'oakfield', false],
    ]);
  });
});
