import type pg from 'pg';
import type { JobRole, StaffRole } from '../../../domain/src/staff/vocabulary.js';

export interface PupilListing {
  id: string;
  firstName: string;
  lastName: string;
  fullName: string;
  yearGroup: string;
  sen: boolean;
  ehcp: boolean;
}

export interface StaffListing {
  id: string;
  name: string;
  jobRole: JobRole;
  roles: StaffRole[];
  contractedHoursPerWeek: number;
  hlta: boolean;
  startDate: string;
}

const byName = new Intl.Collator('en-GB', { sensitivity: 'base' });

/** Pupils of a school whose full name contains `text` (any case), sorted by last name, then first name. */
export async function searchPupils(db: pg.PoolClient, schoolId: string, text = ''): Promise<PupilListing[]> {
  const { rows } = await db.query<{
    pupil_id: string;
    first_name: string;
    last_name: string;
    year_group: string;
    sen: boolean;
    ehcp: boolean;
  }>(
    `SELECT pupil_id, first_name, last_name, year_group, sen, ehcp FROM pupils
      WHERE school_id = $1 AND strpos(lower(first_name || ' ' || last_name), lower($2)) > 0`,
    [schoolId, text.trim()],
  );
  return rows
    .sort(
      (a, b) =>
        byName.compare(a.last_name, b.last_name) || byName.compare(a.first_name, b.first_name) || a.pupil_id.localeCompare(b.pupil_id),
    )
    .map((r) => ({
      id: r.pupil_id,
      firstName: r.first_name,
      lastName: r.last_name,
      fullName: `${r.first_name} ${r.last_name}`,
      yearGroup: r.year_group,
      sen: r.sen,
      ehcp: r.ehcp,
    }));
}

/** Staff of a school, sorted by name. */
export async function listStaff(db: pg.PoolClient, schoolId: string): Promise<StaffListing[]> {
  const { rows } = await db.query<{
    staff_id: string;
    name: string;
    job_role: JobRole;
    roles: StaffRole[];
    contracted_hours_per_week: string;
    hlta: boolean;
    start_date: string;
  }>('SELECT staff_id, name, job_role, roles, contracted_hours_per_week, hlta, start_date FROM staff WHERE school_id = $1', [schoolId]);
  return rows
    .sort((a, b) => byName.compare(a.name, b.name) || a.staff_id.localeCompare(b.staff_id))
    .map((r) => ({
      id: r.staff_id,
      name: r.name,
      jobRole: r.job_role,
      roles: r.roles,
      contractedHoursPerWeek: Number(r.contracted_hours_per_week),
      hlta: r.hlta,
      startDate: r.start_date,
    }));
}
