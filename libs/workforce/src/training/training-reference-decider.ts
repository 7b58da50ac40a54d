import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { FieldError } from '../../../core/src/problem-details.js';
import type { Decider, DomainEvent } from '../../../domain/src/decider.js';
import type { TrainingReference } from '../../../domain/src/staff/training-reference.js';
import { JOB_ROLES, type JobRole } from '../../../domain/src/staff/vocabulary.js';

/** One stream per trust: the reference is the trust's, and every change to it is kept. */
export const trainingReferenceStream = (trustId: string): string => `training-reference-${trustId}`;

export interface ChangeTrainingReference {
  type: 'ChangeTrainingReference';
  reference: TrainingReference;
  by: string;
  now: string;
}

/** The whole reference, not a diff, so any reader (the training matrix too) needs only the last event. */
export type TrainingReferenceChanged = DomainEvent<
  'TrainingReferenceChanged',
  { reference: TrainingReference; changedBy: string; changedAt: string }
>;

/** `null` while the trust uses the default reference. */
export type TrainingReferenceState = TrainingReference | null;

export const trainingReferenceDecider: Decider<ChangeTrainingReference, TrainingReferenceChanged, TrainingReferenceState> = {
  decide(command, state) {
    // Saving the same reference again changes nothing, so nothing is recorded.
    if (isDeepStrictEqual(command.reference, state)) return [];
    return [
      {
        type: 'TrainingReferenceChanged',
        schemaVersion: 1,
        data: { reference: command.reference, changedBy: command.by, changedAt: command.now },
      },
    ];
  },
  evolve: (_, event) => event.data.reference,
  initialState: null,
};

export const MAX_VALIDITY_MONTHS = 120;
const MAX_COURSES = 100;
const COURSE_CODE = /^[a-z][a-z0-9_]{1,49}$/;

const courseSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be blank').max(200),
    validityMonths: z.number().int().min(1).max(MAX_VALIDITY_MONTHS),
  })
  .strict();

const referenceSchema = z
  .object({
    courses: z
      .record(z.string().regex(COURSE_CODE, 'a course code is lower case letters, digits and _'), courseSchema)
      .refine((courses) => Object.keys(courses).length >= 1, 'give at least one course')
      .refine((courses) => Object.keys(courses).length <= MAX_COURSES, `at most ${MAX_COURSES} courses`),
    requiredByJobRole: z
      .object(
        Object.fromEntries(JOB_ROLES.map((r) => [r, z.array(z.string()).max(MAX_COURSES)])) as Record<JobRole, z.ZodArray<z.ZodString>>,
      )
      .strict(),
  })
  .strict()
  .superRefine((reference, issues) => {
    for (const [jobRole, required] of Object.entries(reference.requiredByJobRole)) {
      required.forEach((course, i) => {
        if (!(course in reference.courses)) {
          issues.addIssue({ code: 'custom', path: ['requiredByJobRole', jobRole, i], message: `${course} is not one of the courses` });
        }
        if (required.indexOf(course) !== i) {
          issues.addIssue({ code: 'custom', path: ['requiredByJobRole', jobRole, i], message: `${course} is listed twice` });
        }
      });
    }
  });

/** A well-formed reference (titles trimmed), or the problems with it as `{ field, message }`. */
export function parseTrainingReference(input: unknown): { reference: TrainingReference } | { problems: FieldError[] } {
  const parsed = referenceSchema.safeParse(input);
  if (parsed.success) return { reference: parsed.data as TrainingReference };
  return {
    problems: parsed.error.issues.map((issue) => ({
      field: issue.path.reduce<string>(
        (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key)),
        '',
      ),
      message: issue.message,
    })),
  };
}
