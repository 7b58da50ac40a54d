import { personalDataOf, subjectIn } from '#lib/kernel';
import type { CpTransferEvent } from './events.js';

/** A child protection file transfer is the pupil's; the name of whoever received it elsewhere goes with it. */
export const CP_TRANSFER_PERSONAL_DATA = personalDataOf<CpTransferEvent>({
  CpTransferStarted: { subject: (d) => subjectIn(d.pupilId), paths: [] },
  CpTransferReceiptRecorded: { paths: ['receivedBy'] },
});
