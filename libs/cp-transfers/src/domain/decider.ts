import {
  addSchoolDays,
  type Decider,
  isCalendarDate,
  londonDate,
  requireInstant,
  requireText,
  RuleViolation,
  unreachable,
} from '#lib/kernel';
import type { ConfirmCpTransferReceipt, CpTransferCommand, RecordCpTransferReceipt, StartCpTransfer } from './commands.js';
import type { CpTransferDestination, CpTransferEvent } from './events.js';

// ---- stream ----

export const cpTransferStream = (transferId: string): string => `cp-transfer-${transferId}`;

/** KCSIE 2025: the file reaches the new school within 5 school days of an in-year move. */
export const CP_TRANSFER_SCHOOL_DAYS = 5;

// ---- state ----

export type CpTransferStatus = 'awaiting_receipt' | 'received';

export interface CpTransfer {
  transferId: string;
  pupilId: string;
  fromSchoolId: string;
  leftOn: string;
  destination: CpTransferDestination;
  dueOn: string;
  startedBy: string;
  startedAt: string;
  status: CpTransferStatus;
  receipt: { receivedAt: string; by: string; recordedBy: string; onPlatform: boolean } | null;
}

export type CpTransferState = CpTransfer | null;

/** Whether the destination is a school of this platform (its DSL confirms receipt). */
export const onPlatform = (t: Pick<CpTransfer, 'destination'>): boolean => t.destination.schoolId !== null;

// ---- decisions ----

export function decideCpTransfer(command: CpTransferCommand, state: CpTransferState): CpTransferEvent[] {
  switch (command.type) {
    case 'StartCpTransfer':
      return start(command, state);
    case 'ConfirmCpTransferReceipt':
      return confirm(command, started(state));
    case 'RecordCpTransferReceipt':
      return record(command, started(state));
    default:
      return unreachable(command);
  }
}

function started(state: CpTransferState): CpTransfer {
  if (state === null) throw new RuleViolation('cp_transfer.not_found', 'No such transfer.');
  if (state.status === 'received') throw new RuleViolation('cp_transfer.already_received', 'The file has already been received.');
  return state;
}

function start(command: StartCpTransfer, state: CpTransferState): CpTransferEvent[] {
  if (state !== null) throw new RuleViolation('cp_transfer.already_started', 'This transfer has already started.');
  requireInstant(command.now, 'cp_transfer.invalid_field', 'now');
  if (!isCalendarDate(command.leftOn)) throw new RuleViolation('cp_transfer.invalid_field', 'leftOn must be a date (YYYY-MM-DD).');
  const name = requireText(command.destination.name, 'cp_transfer.destination_required', 'destination.name');
  const schoolId = command.destination.schoolId?.trim() || null;
  if (schoolId === command.fromSchoolId)
    throw new RuleViolation('cp_transfer.same_school', 'The destination is the school the pupil is leaving.');
  const urn = command.destination.urn?.trim() || null;
  if (urn !== null && !/^\d{6,7}$/.test(urn)) throw new RuleViolation('cp_transfer.invalid_urn', 'A URN is 6 or 7 digits.');
  return [
    {
      type: 'CpTransferStarted',
      schemaVersion: 1,
      data: {
        transferId: command.transferId,
        pupilId: command.pupilId,
        fromSchoolId: command.fromSchoolId,
        leftOn: command.leftOn,
        destination: { schoolId, name, urn },
        dueOn: addSchoolDays(command.leftOn, CP_TRANSFER_SCHOOL_DAYS),
        startedBy: command.by,
        startedAt: command.now,
      },
    },
  ];
}

function confirm(command: ConfirmCpTransferReceipt, state: CpTransfer): CpTransferEvent[] {
  if (!onPlatform(state))
    throw new RuleViolation(
      'cp_transfer.not_on_platform',
      'The new school is not on the platform: the sending school records the receipt.',
    );
  if (command.bySchoolId !== state.destination.schoolId)
    throw new RuleViolation('cp_transfer.not_receiving_school', 'Only the receiving school confirms receipt.');
  return [
    {
      type: 'CpTransferReceiptConfirmed',
      schemaVersion: 1,
      data: { confirmedBy: command.by, schoolId: command.bySchoolId, receivedAt: command.now },
    },
  ];
}

function record(command: RecordCpTransferReceipt, state: CpTransfer): CpTransferEvent[] {
  if (onPlatform(state))
    throw new RuleViolation('cp_transfer.on_platform', 'The new school is on the platform: its DSL confirms the receipt.');
  const receivedBy = requireText(command.receivedBy, 'cp_transfer.received_by_required', 'receivedBy');
  const receivedAt = command.receivedAt;
  const now = command.now;
  if (requireInstant(receivedAt, 'cp_transfer.invalid_field', 'receivedAt') > requireInstant(now, 'cp_transfer.invalid_field', 'now'))
    throw new RuleViolation('cp_transfer.receipt_in_future', 'The file cannot have been received in the future.');
  // Sent no earlier than the day the transfer was recorded: the file cannot have arrived before it.
  if (londonDate(receivedAt) < londonDate(state.startedAt))
    throw new RuleViolation('cp_transfer.receipt_before_start', 'The file cannot have been received before the transfer started.');
  return [
    {
      type: 'CpTransferReceiptRecorded',
      schemaVersion: 1,
      data: { receivedBy, receivedAt, recordedBy: command.by, recordedAt: now },
    },
  ];
}

// ---- evolution ----

export function evolveCpTransfer(state: CpTransferState, event: CpTransferEvent): CpTransferState {
  switch (event.type) {
    case 'CpTransferStarted':
      return { ...event.data, status: 'awaiting_receipt', receipt: null };
    case 'CpTransferReceiptConfirmed':
      return state === null
        ? state
        : {
            ...state,
            status: 'received',
            receipt: {
              receivedAt: event.data.receivedAt,
              by: event.data.confirmedBy,
              recordedBy: event.data.confirmedBy,
              onPlatform: true,
            },
          };
    case 'CpTransferReceiptRecorded':
      return state === null
        ? state
        : {
            ...state,
            status: 'received',
            receipt: { receivedAt: event.data.receivedAt, by: event.data.receivedBy, recordedBy: event.data.recordedBy, onPlatform: false },
          };
    default:
      return unreachable(event);
  }
}

export const cpTransferDecider: Decider<CpTransferCommand, CpTransferEvent, CpTransferState> = {
  decide: decideCpTransfer,
  evolve: evolveCpTransfer,
  initialState: null,
};
