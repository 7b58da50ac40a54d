import { type JobRole, MAX_CONTRACTED_HOURS_PER_WEEK } from '#lib/workforce';
import type { ColumnAliases, ImportRow } from './csv-table.js';
import { changedFields, type ImportPlan, type PlannedRow, type Rejection } from './import-plan.js';
import { readDate, readHours, readJobRole } from './mis-values.js';

export type StaffField = 'email' | 'name' | 'firstName' | 'lastName' | 'jobRole' | 'contractedHours' | 'startDate';

/** SIMS ("Work Email", "Post", "Hours per week"), Arbor ("Job title", "Contracted hours") and Bromcom ("Contracted Hours Per Week"). */
export const STAFF_COLUMNS: ColumnAliases<StaffField> = {
  email: ['email', 'emailaddress', 'workemail', 'workemailaddress', 'schoolemail'],
  name: ['staffname', 'name', 'fullname', 'displayname'],
  firstName: ['preferredforename', 'preferredfirstname', 'legalforename', 'forename', 'firstname'],
  lastName: ['preferredsurname', 'legalsurname', 'surname', 'lastname'],
  jobRole: ['role', 'jobtitle', 'jobrole', 'post', 'staffrole'],
  contractedHours: ['contractedhours', 'contractedhoursperweek', 'hoursperweek', 'weeklyhours', 'hours'],
  startDate: ['startdate', 'employmentstartdate', 'contractstartdate', 'dateofjoining'],
};

export const STAFF_REQUIRED: readonly StaffField[] = ['email', 'contractedHours'];

export interface StaffDetails {
  email: string;
  name: string;
  jobRole: JobRole;
  contractedHoursPerWeek: number;
  startDate: string;
}

/** An account with this email, and (when it is of this school) the member of staff as recorded. */
export interface KnownStaff {
  staffId: string;
  email: string;
  /** The account's school: another school's (or a trust-level account) is never changed from here. */
  schoolId: string | null;
  name: string;
  jobRole: JobRole;
  contractedHoursPerWeek: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COMPARED: readonly (keyof StaffDetails & string)[] = ['name', 'jobRole', 'contractedHoursPerWeek'];

/**
 * Each row: rejected with every reason, or created (an email with no account), changed or
 * unchanged (an account of this school). Staff are matched by email, the one identifier every MIS
 * export carries and the platform's sign-in. An email seen on an earlier row is a duplicate.
 * A job title the platform does not know is "other"; with no job title column an existing member
 * of staff keeps theirs. A missing start date is today.
 */
export function planStaffImport(
  rows: ImportRow<StaffField>[],
  known: KnownStaff[],
  schoolId: string,
  today: string,
  hasJobRoleColumn: boolean,
): ImportPlan<StaffDetails> {
  const byEmail = new Map(known.map((s) => [s.email, s]));
  const firstRowOf = new Map<string, number>();
  const planned: PlannedRow<StaffDetails>[] = [];
  const reject: Rejection[] = [];
  for (const { row, cells } of rows) {
    const reasons: string[] = [];
    const email = cells.email.trim().toLowerCase();
    if (email === '') reasons.push('email missing');
    else if (!EMAIL.test(email)) reasons.push(`email "${cells.email}" is not an email address`);
    else {
      const first = firstRowOf.get(email);
      if (first !== undefined) reasons.push(`email ${email} is also on row ${first}`);
      else firstRowOf.set(email, row);
    }
    const name = cells.name.trim() || [cells.firstName.trim(), cells.lastName.trim()].filter((n) => n !== '').join(' ');
    if (name === '') reasons.push('name missing');
    const hours = readHours(cells.contractedHours);
    if (cells.contractedHours.trim() === '') reasons.push('contracted hours missing');
    else if (hours === null) reasons.push(`contracted hours "${cells.contractedHours}" is not a number`);
    else if (hours <= 0 || hours > MAX_CONTRACTED_HOURS_PER_WEEK) {
      reasons.push(`contracted hours ${hours} must be more than 0 and at most ${MAX_CONTRACTED_HOURS_PER_WEEK}`);
    }
    const startDate = cells.startDate.trim() === '' ? today : readDate(cells.startDate);
    if (startDate === null) reasons.push(`start date "${cells.startDate}" is not a date`);
    const existing = byEmail.get(email);
    if (existing !== undefined && existing.schoolId !== schoolId)
      reasons.push(`email ${email} is the account of someone at another school`);
    if (reasons.length > 0 || hours === null || startDate === null) {
      reject.push({ row, reason: reasons.join('; ') });
      continue;
    }
    const jobRole = hasJobRoleColumn || existing === undefined ? readJobRole(cells.jobRole) : existing.jobRole;
    const details: StaffDetails = { email, name, jobRole, contractedHoursPerWeek: hours, startDate };
    if (existing === undefined) planned.push({ row, action: 'create', key: email, details });
    else {
      const changes = changedFields(details, { ...existing, startDate }, COMPARED);
      planned.push(
        changes.length === 0
          ? { row, action: 'unchanged', key: email, id: existing.staffId }
          : { row, action: 'change', key: email, id: existing.staffId, details, changes },
      );
    }
  }
  return { rows: planned, reject };
}
