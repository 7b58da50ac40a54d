import {
  computeExpiry,
  DEFAULT_TRAINING_REFERENCE,
  isCertifiedOn,
  latestCompletion,
  requiredCourses,
  PHYSICAL_INTERVENTION_COURSES,
  TRAINING_COURSES,
  trainingStatus,
} from './training-reference.js';
import { JOB_ROLES } from './vocabulary.js';

describe('DEFAULT_TRAINING_REFERENCE', () => {
  it('has the agreed validity periods', () => {
    const months = Object.fromEntries(Object.entries(DEFAULT_TRAINING_REFERENCE.courses).map(([course, c]) => [course, c.validityMonths]));
    expect(months).toEqual({
      team_teach_level_1: 24,
      team_teach_level_2: 12,
      team_teach_advanced: 12,
      proact_scip: 12,
      first_aid_at_work: 36,
      emergency_first_aid: 36,
      paediatric_first_aid: 36,
      safeguarding_update: 12,
      kcsie_part_one: 12,
      dsl_training: 24,
      prevent: 24,
      moving_and_handling: 36,
    });
    expect(Object.keys(months).sort()).toEqual([...TRAINING_COURSES].sort());
  });

  it('requires the whole-school safeguarding set of every job role, and only known courses', () => {
    for (const jobRole of JOB_ROLES) {
      const required = DEFAULT_TRAINING_REFERENCE.requiredByJobRole[jobRole];
      expect(required).toEqual(expect.arrayContaining(['safeguarding_update', 'kcsie_part_one', 'prevent']));
      for (const course of required) expect(DEFAULT_TRAINING_REFERENCE.courses[course]).toBeDefined();
    }
  });

  it('requires Team Teach level 2 of 1:1 TAs and learning & behaviour assistants, DSL training of the DSL', () => {
    const r = DEFAULT_TRAINING_REFERENCE.requiredByJobRole;
    expect(r.one_to_one_ta).toContain('team_teach_level_2');
    expect(r.learning_behaviour_assistant).toContain('team_teach_level_2');
    expect(r.teaching_assistant).toEqual(expect.arrayContaining(['team_teach_level_1', 'paediatric_first_aid']));
    expect(r.dsl).toContain('dsl_training');
  });
});

describe('computeExpiry', () => {
  it.each([
    ['2025-01-15', 12, '2026-01-15'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-03-31', 36, '2028-03-31'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2025-12-01', 24, '2027-12-01'],
  ])('%s + %i months = %s', (completedOn, months, expected) => expect(computeExpiry(completedOn, months)).toBe(expected));
});

describe('trainingStatus', () => {
  const completion = { completedOn: '2024-06-01', expiresOn: '2025-06-01' };

  it('is missing or not required without a completion', () => {
    expect(trainingStatus(undefined, true, '2025-03-01')).toBe('missing');
    expect(trainingStatus(undefined, false, '2025-03-01')).toBe('not_required');
  });

  it('is valid more than 28 days before expiry and due at 28 days', () => {
    expect(trainingStatus(completion, true, '2025-05-03')).toBe('valid'); // 29 days left
    expect(trainingStatus(completion, true, '2025-05-04')).toBe('due'); // 28 days left
  });

  it('is due on the expiry date itself and expired the day after', () => {
    expect(trainingStatus(completion, true, '2025-06-01')).toBe('due');
    expect(trainingStatus(completion, true, '2025-06-02')).toBe('expired');
  });

  it('honours another due window', () => {
    expect(trainingStatus(completion, true, '2025-05-03', 7)).toBe('valid');
    expect(trainingStatus(completion, true, '2025-05-25', 7)).toBe('due');
  });

  it('ignores a completion dated after asOf', () => {
    expect(trainingStatus(completion, true, '2024-05-31')).toBe('missing');
    expect(trainingStatus(completion, true, '2024-06-01')).toBe('valid');
  });

  it('shows an in-date certificate for a course not required, and not_required once expired', () => {
    expect(trainingStatus(completion, false, '2025-01-01')).toBe('valid');
    expect(trainingStatus(completion, false, '2025-06-02')).toBe('not_required');
  });
});

describe('latestCompletion', () => {
  const completions = [
    { id: 'a', course: 'prevent', completedOn: '2022-01-10', expiresOn: '2024-01-10' },
    { id: 'b', course: 'prevent', completedOn: '2024-01-05', expiresOn: '2026-01-05' },
    { id: 'c', course: 'team_teach_level_1', completedOn: '2024-01-05', expiresOn: '2026-01-05' },
  ];

  it('picks the completion with the latest expiry that existed on the date', () => {
    expect(latestCompletion(completions, 'prevent', '2025-01-01')?.id).toBe('b');
    expect(latestCompletion(completions, 'prevent', '2023-01-01')?.id).toBe('a');
    expect(latestCompletion(completions, 'prevent', '2021-01-01')).toBeUndefined();
  });
});

describe('isCertifiedOn', () => {
  const completions = [{ course: 'team_teach_level_2', completedOn: '2024-03-01', expiresOn: '2025-03-01' }];

  it('is true from the completion date to the expiry date inclusive', () => {
    expect(isCertifiedOn(completions, PHYSICAL_INTERVENTION_COURSES, '2024-03-01')).toBe(true);
    expect(isCertifiedOn(completions, PHYSICAL_INTERVENTION_COURSES, '2025-03-01')).toBe(true);
    expect(isCertifiedOn(completions, PHYSICAL_INTERVENTION_COURSES, '2024-02-29')).toBe(false);
    expect(isCertifiedOn(completions, PHYSICAL_INTERVENTION_COURSES, '2025-03-02')).toBe(false);
  });

  it('counts only the courses asked about', () => expect(isCertifiedOn(completions, ['first_aid_at_work'], '2024-06-01')).toBe(false));
});

describe('requiredCourses', () => {
  it('adds the courses of each role to those of the job role, once each', () => {
    expect(requiredCourses(DEFAULT_TRAINING_REFERENCE, 'teacher', ['deputy_dsl'])).toEqual([
      'safeguarding_update',
      'kcsie_part_one',
      'prevent',
      'dsl_training',
    ]);
    expect(requiredCourses(DEFAULT_TRAINING_REFERENCE, 'dsl', ['dsl'])).toEqual([
      'safeguarding_update',
      'kcsie_part_one',
      'prevent',
      'dsl_training',
    ]);
    expect(requiredCourses(DEFAULT_TRAINING_REFERENCE, 'teacher', ['staff'])).not.toContain('dsl_training');
  });

  it('applies the default roles to a reference stored before roles had courses', () => {
    const { requiredByRole: _, ...stored } = DEFAULT_TRAINING_REFERENCE;
    expect(requiredCourses(stored, 'teacher', ['deputy_dsl'])).toContain('dsl_training');
  });

  it('follows a trust that requires nothing of a role', () => {
    expect(requiredCourses({ ...DEFAULT_TRAINING_REFERENCE, requiredByRole: {} }, 'teacher', ['deputy_dsl'])).not.toContain('dsl_training');
  });
});
