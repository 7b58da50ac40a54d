import type { EntityManager } from 'typeorm';
import { DirectoryPupil } from './directory.entities.js';

export interface PupilListing {
  id: string;
  firstName: string;
  lastName: string;
  fullName: string;
  yearGroup: string;
  sen: boolean;
  ehcp: boolean;
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

/** Every pupil of a school as the directory holds them, with UPN and date of birth (to match an import's rows). */
export async function pupilRecordsOfSchool(db: EntityManager, schoolId: string): Promise<DirectoryPupil[]> {
  return db.createQueryBuilder(DirectoryPupil, 'p').where('p.schoolId = :schoolId', { schoolId }).getMany();
}

/** The full names of these pupils (those in the schools the reader may read), by id. */
export async function pupilNames(db: EntityManager, pupilIds: string[]): Promise<Map<string, string>> {
  if (pupilIds.length === 0) return new Map();
  const pupils = await db.createQueryBuilder(DirectoryPupil, 'p').where('p.pupilId IN (:...pupilIds)', { pupilIds }).getMany();
  return new Map(pupils.map((p) => [p.pupilId, `${p.firstName} ${p.lastName}`]));
}
