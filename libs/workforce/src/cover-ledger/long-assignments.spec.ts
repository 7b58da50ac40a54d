import { longAssignments } from './long-assignments.js';

const days = (dates: string[], subject: { absentTeacherId?: string; classGroup?: string } = { absentTeacherId: 't-1' }) =>
  dates.map((date) => ({ date, classGroup: subject.classGroup ?? '4B', absentTeacherId: subject.absentTeacherId ?? null }));

describe('long cover assignments', () => {
  it('allows five school days in a row and flags the sixth, across a weekend', () => {
    const week = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
    expect(longAssignments(days(week), '2026-03-02', '2026-03-08')).toEqual([]);
    expect(longAssignments(days([...week, '2026-03-09']), '2026-03-02', '2026-03-08')).toEqual([
      { absentTeacherId: 't-1', from: '2026-03-02', to: '2026-03-09', schoolDays: 6 },
    ]);
  });

  it('is broken by a school day without cover, and counts a class when no teacher is named', () => {
    const gap = ['2026-03-02', '2026-03-03', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10'];
    expect(longAssignments(days(gap), '2026-03-02', '2026-03-15')).toEqual([]);
    const run = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09'];
    expect(longAssignments(days(run, { classGroup: '6T' }), '2026-03-09', '2026-03-15')).toEqual([
      { classGroup: '6T', from: '2026-03-02', to: '2026-03-09', schoolDays: 6 },
    ]);
  });

  it('keeps different absent teachers apart, counts a day once, and ignores runs outside the week', () => {
    const run = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09'];
    const mixed = [...days(run.slice(0, 3)), ...days(run.slice(3), { absentTeacherId: 't-2' }), ...days(['2026-03-02'])];
    expect(longAssignments(mixed, '2026-03-02', '2026-03-08')).toEqual([]);
    expect(longAssignments(days(run), '2026-03-16', '2026-03-22')).toEqual([]);
  });
});
