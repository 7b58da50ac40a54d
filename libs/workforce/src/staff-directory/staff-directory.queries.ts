import type { EntityManager } from 'typeorm';
import type { JobRole, StaffRole } from '../domain/staff/vocabulary.js';
import { DirectoryStaffMember } from './staff-directory.entities.js';

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
