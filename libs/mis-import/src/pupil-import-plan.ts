import { addDays } from '#lib/kernel';
import type { ColumnAliases, ImportRow } from './csv-table.js';
import { changedFields, type ImportPlan, type PlannedRow, type Rejection } from './import-plan.js';
import { readDate, readSenStatus, readYearGroup } from './mis-values.js';
import { upnProblem } from './upn.js';

export type PupilField = 'upn' | 'firstName' | 'lastName' | 'dateOfBirth' | 'yearGroup' | 'senStatus';

/** SIMS ("Legal Forename", "DOB", "Year", "SEN Status"), Arbor ("Legal first name", "Year group") and Bromcom ("Curriculum Year"). */
export const PUPIL_COLUMNS: ColumnAliases<PupilField> = {
  upn: ['upn', 'uniquepupilnumber', 'pupilupn'],
  firstName: ['legalforename', 'legalfirstname', 'forename', 'firstname', 'givenname', 'preferredforename', 'preferredfirstname'],
  lastName: ['legalsurname', 'legallastname', 'surname', 'lastname', 'familyname', 'preferredsurname', 'preferredlastname'],
  dateOfBirth: ['dob', 'dateofbirth', 'birthdate'],
  yearGroup: ['yeargroup', 'ncyear', 'ncyearactual', 'curriculumyear', 'nationalcurriculumyear', 'year', 'yr'],
  senStatus: ['senstatus', 'senprovision', 'sen'],
};

export const PUPIL_REQUIRED: readonly PupilField[] = ['upn', 'firstName', 'lastName', 'dateOfBirth', 'yearGroup'];

export interface PupilDetails {
  upn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  yearGroup: string;
  sen: boolean;
  ehcp: boolean;
}

/** A pupil the school already has, matched by UPN. */
export interface KnownPupil extends PupilDetails {
  pupilId: string;
}

const COMPARED: readonly (keyof PupilDetails & string)[] = ['firstName', 'lastName', 'dateOfBirth', 'yearGroup', 'sen', 'ehcp'];

/** EHCPs can run to a young person's 25th birthday: anyone older is not on a school's roll. */
const OLDEST_PUPIL_YEARS = 25;

/**
 * Each row: rejected with every reason it fails, or created (a UPN the school does not have),
 * changed (one it has, with something different) or unchanged. A UPN seen on an earlier row is a
 * duplicate: the first stands, the later ones are rejected.
 */
export function planPupilImport(rows: ImportRow<PupilField>[], known: KnownPupil[], today: string): ImportPlan<PupilDetails> {
  const byUpn = new Map(known.map((p) => [p.upn, p]));
  const firstRowOf = new Map<string, number>();
  const oldest = addDays(today, -Math.round(OLDEST_PUPIL_YEARS * 365.25));
  const planned: PlannedRow<PupilDetails>[] = [];
  const reject: Rejection[] = [];
  for (const { row, cells } of rows) {
    const reasons: string[] = [];
    const upn = cells.upn.trim().toUpperCase();
    if (upn === '') reasons.push('UPN missing');
    else {
      const problem = upnProblem(upn);
      if (problem === 'malformed') reasons.push(`UPN ${upn} is not a letter and 12 characters (11 digits, then a digit or a letter)`);
      if (problem === 'check_letter') reasons.push(`UPN ${upn} has the wrong check letter`);
      const first = firstRowOf.get(upn);
      if (first !== undefined) reasons.push(`UPN ${upn} is also on row ${first}`);
      else firstRowOf.set(upn, row);
    }
    const firstName = cells.firstName.trim();
    const lastName = cells.lastName.trim();
    if (firstName === '') reasons.push('forename missing');
    if (lastName === '') reasons.push('surname missing');
    const dateOfBirth = readDate(cells.dateOfBirth);
    if (cells.dateOfBirth.trim() === '') reasons.push('date of birth missing');
    else if (dateOfBirth === null) reasons.push(`date of birth "${cells.dateOfBirth}" is not a date`);
    else if (dateOfBirth > today) reasons.push(`date of birth ${dateOfBirth} is in the future`);
    else if (dateOfBirth < oldest) reasons.push(`date of birth ${dateOfBirth} is more than ${OLDEST_PUPIL_YEARS} years ago`);
    const yearGroup = readYearGroup(cells.yearGroup);
    if (yearGroup === null) reasons.push(`year group "${cells.yearGroup}" is not known (N, R or 1–13)`);
    const sen = readSenStatus(cells.senStatus);
    if (sen === null) reasons.push(`SEN status "${cells.senStatus}" is not known (N, K or E)`);
    if (reasons.length > 0 || dateOfBirth === null || yearGroup === null || sen === null) {
      reject.push({ row, reason: reasons.join('; ') });
      continue;
    }
    const details: PupilDetails = { upn, firstName, lastName, dateOfBirth, yearGroup, ...sen };
    const existing = byUpn.get(upn);
    if (existing === undefined) planned.push({ row, action: 'create', key: upn, details });
    else {
      const changes = changedFields(details, existing, COMPARED);
      planned.push(
        changes.length === 0
          ? { row, action: 'unchanged', key: upn, id: existing.pupilId }
          : { row, action: 'change', key: upn, id: existing.pupilId, details, changes },
      );
    }
  }
  return { rows: planned, reject };
}
