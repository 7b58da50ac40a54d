import type { StaffRole } from '../staff/vocabulary.js';

export interface AssignCover {
  type: 'AssignCover';
  assignmentId: string;
  staffId: string;
  /** From the staff member's record, looked up by the handler. */
  staffContractedHoursPerWeek: number;
  staffIsHlta: boolean;
  classGroup: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, school local time */
  start: string;
  end: string;
  reason: string;
  absentTeacherId?: string;
  /** Teaching a lesson, not just supervising pre-set work. */
  deliversLesson: boolean;
  override?: { reason: string };
  byRoles: StaffRole[];
  by: string;
  now: string;
  /** The school's cover cap as a percentage of contracted hours; configuration, 20 by default. */
  capPercent?: number;
}

export interface CancelCover {
  type: 'CancelCover';
  assignmentId: string;
  reason: string;
  by: string;
  now: string;
}

export type CoverCommand = AssignCover | CancelCover;
