import type { CpTransferDestination } from './events.js';

export interface StartCpTransfer {
  type: 'StartCpTransfer';
  transferId: string;
  pupilId: string;
  fromSchoolId: string;
  leftOn: string;
  destination: CpTransferDestination;
  by: string;
  now: string;
}

/** The receiving school (on the platform) confirms the file arrived. */
export interface ConfirmCpTransferReceipt {
  type: 'ConfirmCpTransferReceipt';
  by: string;
  bySchoolId: string;
  now: string;
}

/** The sender records the receipt a school elsewhere gave them. */
export interface RecordCpTransferReceipt {
  type: 'RecordCpTransferReceipt';
  receivedBy: string;
  receivedAt: string;
  by: string;
  now: string;
}

export type CpTransferCommand = StartCpTransfer | ConfirmCpTransferReceipt | RecordCpTransferReceipt;
