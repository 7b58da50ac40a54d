import type { DomainEvent } from '#lib/kernel';

export const COVER_WARNINGS = ['over_cap_overridden'] as const;
export type CoverWarning = (typeof COVER_WARNINGS)[number];

export type CoverAssigned = DomainEvent<
  'CoverAssigned',
  {
    assignmentId: string;
    staffId: string;
    classGroup: string;
    date: string;
    start: string;
    end: string;
    minutes: number;
    /** YYYY-Www */
    isoWeek: string;
    reason: string;
    absentTeacherId: string | null;
    deliversLesson: boolean;
    /** The cap as it was applied, so the ledger can show it without looking anything up. */
    contractedMinutesPerWeek: number;
    capPercent: number;
    /** Cover minutes in the ISO week including this assignment. */
    weekCoverMinutes: number;
    /** Present only when the assignment went over the cap on a headteacher's override. */
    overrideReason?: string;
    warnings: CoverWarning[];
    assignedBy: string;
    assignedAt: string;
  }
>;

export type CoverCancelled = DomainEvent<
  'CoverCancelled',
  { assignmentId: string; reason: string; cancelledBy: string; cancelledAt: string }
>;

export type CoverEvent = CoverAssigned | CoverCancelled;

export type CoverEventType = CoverEvent['type'];
