import type { DomainEvent } from '#lib/kernel';

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

/** Names, date of birth or year group as the school now records them (every field, changed or not). */
export type PupilDetailsChanged = DomainEvent<
  'PupilDetailsChanged',
  { firstName: string; lastName: string; dateOfBirth: string; yearGroup: PupilYearGroup; changedAt: string }
>;

export type PupilEvent = PupilRegistered | PupilSenStatusChanged | PupilDetailsChanged;

export type PupilEventType = PupilEvent['type'];
