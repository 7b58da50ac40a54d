import { DEFAULT_TRAINING_REFERENCE } from '../domain/staff/training-reference.js';
import { parseTrainingReference } from './training-reference.schema.js';

describe('parseTrainingReference', () => {
  it('accepts the default reference and a course the trust adds', () => {
    expect(parseTrainingReference(DEFAULT_TRAINING_REFERENCE)).toEqual({ reference: DEFAULT_TRAINING_REFERENCE });
    const withEpipen = {
      courses: { ...DEFAULT_TRAINING_REFERENCE.courses, epipen: { title: ' Anaphylaxis ', validityMonths: 12 } },
      requiredByJobRole: { ...DEFAULT_TRAINING_REFERENCE.requiredByJobRole, teaching_assistant: ['epipen'] },
    };
    expect(parseTrainingReference(withEpipen)).toMatchObject({ reference: { courses: { epipen: { title: 'Anaphylaxis' } } } });
  });

  it('names each problem by its field', () => {
    const result = parseTrainingReference({
      courses: {
        ...DEFAULT_TRAINING_REFERENCE.courses,
        prevent: { title: ' ', validityMonths: 0 },
        'Bad Code': { title: 'x', validityMonths: 12 },
      },
      requiredByJobRole: { ...DEFAULT_TRAINING_REFERENCE.requiredByJobRole, janitor: [] },
    });
    expect('problems' in result && result.problems.map((p) => p.field).sort()).toEqual([
      'courses.Bad Code',
      'courses.prevent.title',
      'courses.prevent.validityMonths',
      'requiredByJobRole',
    ]);
  });

  it('requires each job role to need known courses, once each', () => {
    const result = parseTrainingReference({
      ...DEFAULT_TRAINING_REFERENCE,
      requiredByJobRole: { ...DEFAULT_TRAINING_REFERENCE.requiredByJobRole, teacher: ['juggling', 'prevent', 'prevent'] },
    });
    expect('problems' in result && result.problems).toEqual([
      { field: 'requiredByJobRole.teacher[0]', message: 'juggling is not one of the courses' },
      { field: 'requiredByJobRole.teacher[2]', message: 'prevent is listed twice' },
    ]);
  });

  it('requires every job role and at least one course', () => {
    const { teacher: _teacher, ...rest } = DEFAULT_TRAINING_REFERENCE.requiredByJobRole;
    const result = parseTrainingReference({ courses: {}, requiredByJobRole: rest });
    expect('problems' in result && result.problems.map((p) => p.field).sort()).toEqual(['courses', 'requiredByJobRole.teacher']);
  });
});
