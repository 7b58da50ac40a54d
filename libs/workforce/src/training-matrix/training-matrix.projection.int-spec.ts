import { projectionHarnessPerTest, staffMemberRegistered, trainingCompleted } from '#lib/testing';
import type { WorkforceEvent } from '../domain/events.js';
import { DEFAULT_TRAINING_REFERENCE, type TrainingReference } from '../domain/staff/training-reference.js';
import { TRAINING_MATRIX, trainingMatrixProjection } from './training-matrix.projection.js';

// Given events → then rows, without the platform: the matrix's tables as the projection writes them.
const h = projectionHarnessPerTest('training_matrix_projection', [trainingMatrixProjection]);

const registered = (staffId: string) => staffMemberRegistered(staffId, { jobRole: 'one_to_one_ta', contractedHoursPerWeek: 30 });
const completed = (completionId: string, course: string, completedOn: string, expiresOn: string) =>
  trainingCompleted(completionId, { course, completedOn, expiresOn });

const referenceChanged = (reference: TrainingReference): WorkforceEvent => ({
  type: 'TrainingReferenceChanged',
  schemaVersion: 1,
  data: { reference, changedBy: 'admin', changedAt: '2026-03-02T09:00:00.000Z' },
});

describe('training matrix projection', () => {
  it('keeps each member of staff with their trust, and every completion under the stream’s member of staff', async () => {
    await h.given('staff-ada', [registered('ada')]);
    await h.given('staff-ada', [
      completed('c1', 'team_teach_level_2', '2025-03-01', '2026-03-01'),
      completed('c2', 'team_teach_level_2', '2026-02-20', '2027-02-20'),
    ]);
    expect(await h.rows(TRAINING_MATRIX, 'staff')).toEqual([
      {
        staff_id: 'ada',
        school_id: 'oakfield',
        trust_id: 'demo-trust',
        name: 'Staff ada',
        job_role: 'one_to_one_ta',
        roles: [],
        left_on: null,
      },
    ]);
    // Both certificates stay: the matrix answers for any date, so an expired one is history, not replaced.
    const completions = await h.rows<{ staff_id: string; completion_id: string; school_id: string; expires_on: string; recorded_at: Date }>(
      TRAINING_MATRIX,
      'completions',
      'completion_id',
    );
    expect(completions.map((c) => [c.staff_id, c.completion_id, c.school_id, c.expires_on])).toEqual([
      ['ada', 'c1', 'oakfield', '2026-03-01'],
      ['ada', 'c2', 'oakfield', '2027-02-20'],
    ]);
    expect(completions[0]!.recorded_at.toISOString()).toBe(h.clock.now().toISOString());
  });

  it('records the London day a member of staff was deactivated', async () => {
    await h.given('staff-ada', [registered('ada')]);
    await h.given('staff-ben', [registered('ben')]);
    // 23:30 UTC in July is half past midnight the next day in London.
    await h.given('staff-ada', [
      { type: 'StaffMemberDeactivated', data: { staffId: 'ada', reason: 'Left', deactivatedAt: '2026-07-20T23:30:00.000Z' } },
    ]);
    expect(
      (await h.rows<{ staff_id: string; left_on: string | null }>(TRAINING_MATRIX, 'staff', 'staff_id')).map((s) => [
        s.staff_id,
        s.left_on,
      ]),
    ).toEqual([
      ['ada', '2026-07-21'],
      ['ben', null],
    ]);
  });

  it('records no completion from an event without a school', async () => {
    await h.given('staff-ada', [completed('c1', 'prevent', '2026-01-10', '2028-01-10')], { schoolId: null });
    expect(await h.rows(TRAINING_MATRIX, 'completions')).toEqual([]);
  });

  it('keeps the latest reference of each trust, read from its own stream only', async () => {
    const longer: TrainingReference = {
      ...DEFAULT_TRAINING_REFERENCE,
      courses: { ...DEFAULT_TRAINING_REFERENCE.courses, prevent: { title: 'Prevent duty awareness', validityMonths: 36 } },
    };
    await h.given('training-reference-demo-trust', [referenceChanged(DEFAULT_TRAINING_REFERENCE)]);
    h.clock.advanceMinutes(60);
    await h.given('training-reference-demo-trust', [referenceChanged(longer)]);
    // The same event on a stream that is not a trust's reference names no trust: it is not read.
    await h.given('staff-ada', [referenceChanged(DEFAULT_TRAINING_REFERENCE)]);
    const rows = await h.rows<{ trust_id: string; reference: TrainingReference; changed_at: Date }>(TRAINING_MATRIX, 'training_references');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.trust_id).toBe('demo-trust');
    expect(rows[0]!.reference.courses['prevent']?.validityMonths).toBe(36);
    expect(rows[0]!.changed_at.toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });
});
