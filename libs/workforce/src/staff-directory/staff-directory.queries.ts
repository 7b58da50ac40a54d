import { type EntityManager, IsNull } from 'typeorm';
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
  /** When they left (London day), or null while they work here. */
  leftOn: string | null;
}

const byName = new Intl.Collator('en-GB', { sensitivity: 'base' });

/** Staff of a school, sorted by name: those who work there, or (`includeLeavers`) everyone who has. */
export async function listStaff(db: EntityManager, schoolId: string, options: { includeLeavers?: boolean } = {}): Promise<StaffListing[]> {
  const staff = await db.findBy(DirectoryStaffMember, { schoolId, ...(options.includeLeavers ? {} : { leftOn: IsNull() }) });
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
      leftOn: s.leftOn,
    }));
}

/** The names of these members of staff (those in the schools the reader may read), by id. */
export async function staffNames(db: EntityManager, staffIds: string[]): Promise<Map<string, string>> {
  if (staffIds.length === 0) return new Map();
  const staff = await db.createQueryBuilder(DirectoryStaffMember, 's').where('s.staffId IN (:...staffIds)', { staffIds }).getMany();
  return new Map(staff.map((s) => [s.staffId, s.name]));
}
