import type { EntityManager } from 'typeorm';
import type { JobRole, StaffRole } from '../../../domain/src/staff/vocabulary.js';
import { DirectoryPupil, DirectoryStaffMember } from './directory.entities.js';

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
export async function searchPupils(db: EntityManager, schoolId: string, text = ''): Promise<PupilListing[]> {
  const pupils = await db
    .createQueryBuilder(DirectoryPupil, 'p')
    .where('p.schoolId = :schoolId', { schoolId })
    .andWhere("strpos(lower(p.firstName || ' ' || p.lastName), lower(:text)) > 0", { text: text.trim() })
    .getMany();
  return pupils
    .sort(
      (a, b) => byName.compare(a.lastName, b.lastName) || byName.compare(a.firstName, b.firstName) || a.pupilId.localeCompare(b.pupilId),
    )
    .map((p) => ({
      id: p.pupilId,
      firstName: p.firstName,
      lastName: p.lastName,
      fullName: `${p.firstName} ${p.lastName}`,
      yearGroup: p.yearGroup,
      sen: p.sen,
      ehcp: p.ehcp,
    }));
}

/** Staff of a school, sorted by name. */
export async function listStaff(db: EntityManager, schoolId: string): Promise<StaffListing[]> {
  const staff = await db.findBy(DirectoryStaffMember, { schoolId });
  return staff
    .sort((a, b) => byName.compare(a.name, b.name) || a.staffId.localeCompare(b.staffId))
    .map((s) => ({
      id: s.staffId,
      name: s.name,
      jobRole: s.jobRole as JobRole,
      roles: s.roles as StaffRole[],
      contractedHoursPerWeek: Number(s.contractedHoursPerWeek),
      hlta: s.hlta,
      startDate: s.startDate,
    }));
}
