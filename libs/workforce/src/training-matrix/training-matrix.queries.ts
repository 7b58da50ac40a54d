import { LessThanOrEqual, type EntityManager } from 'typeorm';
import {
  DEFAULT_TRAINING_REFERENCE,
  latestCompletion,
  requiredCourses,
  trainingStatus,
  type TrainingReference,
  type TrainingStatus,
} from '../domain/staff/training-reference.js';
import { TrainingCompletionRow, TrainingMatrixStaffMember, TrainingReferenceRow } from './training-matrix.entities.js';

export interface TrainingCell {
  status: TrainingStatus;
  completedOn?: string;
  expiresOn?: string;
}

export interface TrainingMatrixRow {
  staffId: string;
  name: string;
  jobRole: string;
  cells: Record<string, TrainingCell>;
}

export interface TrainingMatrix {
  asOf: string;
  courses: string[];
  rows: TrainingMatrixRow[];
}

export interface TrainingMatrixQuery {
  schoolId: string;
  trustId: string;
  /** YYYY-MM-DD */
  asOf: string;
  jobRole?: string;
  /** Only this member of staff's row (staff who are not leads see only their own). */
  staffId?: string;
}

/**
 * Staff × course as of a date. Only completions dated on or before `asOf` count; the trust's
 * current reference (or the default one) says which courses exist and which job roles and roles need them.
 */
export async function trainingMatrix(db: EntityManager, q: TrainingMatrixQuery): Promise<TrainingMatrix> {
  const reference = await referenceOf(db, q.trustId);
  const courses = Object.keys(reference.courses);
  const staff = await db.find(TrainingMatrixStaffMember, {
    where: {
      schoolId: q.schoolId,
      ...(q.jobRole === undefined ? {} : { jobRole: q.jobRole }),
      ...(q.staffId === undefined ? {} : { staffId: q.staffId }),
    },
    order: { name: 'ASC', staffId: 'ASC' },
  });
  const completions = await db.findBy(TrainingCompletionRow, { schoolId: q.schoolId, completedOn: LessThanOrEqual(q.asOf) });
  const byStaff = new Map<string, { course: string; completedOn: string; expiresOn: string }[]>();
  for (const c of completions) {
    const list = byStaff.get(c.staffId) ?? [];
    list.push({ course: c.course, completedOn: c.completedOn, expiresOn: c.expiresOn });
    byStaff.set(c.staffId, list);
  }
  return {
    asOf: q.asOf,
    courses,
    // A leaver is on the matrix for the days before they were deactivated, so a matrix as of a past date still shows them.
    rows: staff
      .filter((s) => s.leftOn === null || s.leftOn > q.asOf)
      .map((s) => {
        const required = requiredCourses(reference, s.jobRole, s.roles);
        const held = byStaff.get(s.staffId) ?? [];
        const cells: Record<string, TrainingCell> = {};
        for (const course of courses) {
          const completion = latestCompletion(held, course, q.asOf);
          const status = trainingStatus(completion, required.includes(course), q.asOf);
          cells[course] = completion ? { status, completedOn: completion.completedOn, expiresOn: completion.expiresOn } : { status };
        }
        return { staffId: s.staffId, name: s.name, jobRole: s.jobRole, cells };
      }),
  };
}

async function referenceOf(db: EntityManager, trustId: string): Promise<TrainingReference> {
  const row = await db.findOneBy(TrainingReferenceRow, { trustId });
  return row?.reference ?? DEFAULT_TRAINING_REFERENCE;
}
