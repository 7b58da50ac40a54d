import type { DomainEvent } from '#lib/kernel';
import type { StoredVulnerability } from './vulnerability.js';

export const PUPIL_YEAR_GROUPS = ['N', 'R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'] as const;
export type PupilYearGroup = (typeof PUPIL_YEAR_GROUPS)[number];

export type PupilRegistered = DomainEvent<
  'PupilRegistered',
  {
    pupilId: string;
    firstName: string;
    lastName: string;
    dateOfBirth: string;
    yearGroup: PupilYearGroup;
    upn: string | null;
    sen: boolean;
    ehcp: boolean;
    schoolId: string;
    registeredAt: string;
  }
>;

export type PupilSenStatusChanged = DomainEvent<'PupilSenStatusChanged', { sen: boolean; ehcp: boolean; changedAt: string }>;

/** The whole status as recorded from `changedAt` on (each record replaces the one before). */
export type PupilVulnerabilityRecorded = DomainEvent<
  'PupilVulnerabilityRecorded',
  StoredVulnerability & { changedAt: string; recordedBy: string }
>;

/** A behaviour support (positive handling) plan, or a revision of it: the plan in force from then on. */
export type BehaviourPlanRecorded = DomainEvent<
  'BehaviourPlanRecorded',
  { revision: number; summary: string; reviewDueOn: string; recordedBy: string; recordedAt: string }
>;

/** The plan was reviewed with the pupil, parents and staff, and stays in force until the next review. */
export type BehaviourPlanReviewed = DomainEvent<
  'BehaviourPlanReviewed',
  { revision: number; notes: string; reviewedOn: string; nextReviewDueOn: string; reviewedBy: string; reviewedAt: string }
>;

/** Names, date of birth or year group as the school now records them (every field, changed or not). */
export type PupilDetailsChanged = DomainEvent<
  'PupilDetailsChanged',
  { firstName: string; lastName: string; dateOfBirth: string; yearGroup: PupilYearGroup; changedAt: string }
>;

export type PupilEvent =
  | PupilRegistered
  | PupilSenStatusChanged
  | PupilVulnerabilityRecorded
  | BehaviourPlanRecorded
  | BehaviourPlanReviewed
  | PupilDetailsChanged;

export type PupilEventType = PupilEvent['type'];
