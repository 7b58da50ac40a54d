import type { DomainEvent } from '#lib/kernel';

/** Where the file goes: a school on the platform (any trust), or a school elsewhere named by the sender. */
export interface CpTransferDestination {
  /** The receiving school on this platform; null for a school elsewhere. */
  schoolId: string | null;
  name: string;
  /** The school's unique reference number (GIAS), when known. */
  urn: string | null;
}

/** A pupil left and their child protection file is on its way (KCSIE: within 5 school days, separately from the main file). */
export type CpTransferStarted = DomainEvent<
  'CpTransferStarted',
  {
    transferId: string;
    pupilId: string;
    fromSchoolId: string;
    leftOn: string;
    destination: CpTransferDestination;
    /** The 5th school day after the pupil left. */
    dueOn: string;
    startedBy: string;
    startedAt: string;
  }
>;

/** On the platform: the receiving school's DSL (or deputy, or headteacher) confirmed the file arrived. */
export type CpTransferReceiptConfirmed = DomainEvent<
  'CpTransferReceiptConfirmed',
  { confirmedBy: string; schoolId: string; receivedAt: string }
>;

/** Elsewhere: the sender recorded who at the new school received the file, and when. */
export type CpTransferReceiptRecorded = DomainEvent<
  'CpTransferReceiptRecorded',
  { receivedBy: string; receivedAt: string; recordedBy: string; recordedAt: string }
>;

export type CpTransferEvent = CpTransferStarted | CpTransferReceiptConfirmed | CpTransferReceiptRecorded;

export const CP_TRANSFER_EVENT_LABELS: Record<CpTransferEvent['type'], string> = {
  CpTransferStarted: 'Child protection file transfer started',
  CpTransferReceiptConfirmed: 'Child protection file receipt confirmed by the new school',
  CpTransferReceiptRecorded: 'Child protection file receipt recorded by the sending school',
};
