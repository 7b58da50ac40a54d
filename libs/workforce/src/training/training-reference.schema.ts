import { z } from 'zod';
import type { FieldError } from '#lib/core';
import type { TrainingReference } from '../domain/staff/training-reference.js';
import { JOB_ROLES, type JobRole, STAFF_ROLES, type StaffRole } from '../domain/staff/vocabulary.js';

/*
 * The shape a trust's training reference must have when an administrator sends one (validated at
 * the edge; the decider then only decides whether it changes anything).
 */

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
    requiredByRole: z
      .object(
        Object.fromEntries(STAFF_ROLES.map((r) => [r, z.array(z.string()).max(MAX_COURSES).optional()])) as Record<
          StaffRole,
          z.ZodOptional<z.ZodArray<z.ZodString>>
        >,
      )
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((reference, issues) => {
    const lists = [
      ...Object.entries(reference.requiredByJobRole).map(([key, list]) => ['requiredByJobRole', key, list] as const),
      ...Object.entries(reference.requiredByRole ?? {}).map(([key, list]) => ['requiredByRole', key, list ?? []] as const),
    ];
    for (const [field, key, required] of lists) {
      required.forEach((course, i) => {
        if (!(course in reference.courses)) {
          issues.addIssue({ code: 'custom', path: [field, key, i], message: `${course} is not one of the courses` });
        }
        if (required.indexOf(course) !== i) {
          issues.addIssue({ code: 'custom', path: [field, key, i], message: `${course} is listed twice` });
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
