import type pg from 'pg';
import {
  DEFAULT_TRAINING_REFERENCE,
  latestCompletion,
  trainingStatus,
  type TrainingReference,
  type TrainingStatus,
} from '../../../domain/src/staff/training-reference.js';
import type { JobRole } from '../../../domain/src/staff/vocabulary.js';

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
 * current reference (or the default one) says which courses exist and which job roles need them.
 */
export async function trainingMatrix(db: pg.PoolClient, q: TrainingMatrixQuery): Promise<TrainingMatrix> {
  const reference = await referenceOf(db, q.trustId);
  const courses = Object.keys(reference.courses);
  const { rows: staff } = await db.query<{ staff_id: string; name: string; job_role: string }>(
    `SELECT staff_id, name, job_role FROM staff
      WHERE school_id = $1 AND ($2::text IS NULL OR job_role = $2) AND ($3::text IS NULL OR staff_id = $3)
      ORDER BY name, staff_id`,
    [q.schoolId, q.jobRole ?? null, q.staffId ?? null],
  );
  const { rows: completions } = await db.query<{ staff_id: string; course: string; completed_on: string; expires_on: string }>(
    `SELECT c.staff_id, c.course, c.completed_on, c.expires_on FROM completions c JOIN staff s USING (staff_id)
      WHERE s.school_id = $1 AND c.completed_on <= $2`,
    [q.schoolId, q.asOf],
  );
  const byStaff = new Map<string, { course: string; completedOn: string; expiresOn: string }[]>();
  for (const c of completions) {
    const list = byStaff.get(c.staff_id) ?? [];
    list.push({ course: c.course, completedOn: c.completed_on, expiresOn: c.expires_on });
    byStaff.set(c.staff_id, list);
  }
  return {
    asOf: q.asOf,
    courses,
    rows: staff.map((s) => {
      const required = reference.requiredByJobRole[s.job_role as JobRole] ?? [];
      const held = byStaff.get(s.staff_id) ?? [];
      const cells: Record<string, TrainingCell> = {};
      for (const course of courses) {
        const completion = latestCompletion(held, course, q.asOf);
        const status = trainingStatus(completion, required.includes(course), q.asOf);
        cells[course] = completion ? { status, completedOn: completion.completedOn, expiresOn: completion.expiresOn } : { status };
      }
      return { staffId: s.staff_id, name: s.name, jobRole: s.job_role, cells };
    }),
  };
}

async function referenceOf(db: pg.PoolClient, trustId: string): Promise<TrainingReference> {
  const { rows } = await db.query<{ reference: TrainingReference }>('SELECT reference FROM training_references WHERE trust_id = $1', [
    trustId,
  ]);
  return rows[0]?.reference ?? DEFAULT_TRAINING_REFERENCE;
}
