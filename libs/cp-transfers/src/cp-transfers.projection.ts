import { defineProjection, type Need, type Recorded, type Rows } from '#lib/read-models';
import type { CpTransferEvent } from './domain/events.js';
import { IncomingTransfer, OutgoingTransfer, ReceivedFile } from './cp-transfers.entities.js';
import { CpTransferTables1796139711594 } from './migrations/1796139711594-cp-transfer-tables.js';

export const CP_TRANSFERS = 'cp-transfers';

const transferIdOf = (streamId: string) => streamId.slice('cp-transfer-'.length);

type Receipt = Recorded<Extract<CpTransferEvent, { type: 'CpTransferReceiptConfirmed' | 'CpTransferReceiptRecorded' }>>;

const receipt = {
  needs: (e: Receipt, need: Need) => {
    const transferId = transferIdOf(e.streamId);
    need.key(OutgoingTransfer, { transferId });
    need.key(IncomingTransfer, { transferId });
  },
  fold: (e: Receipt, rows: Rows) => {
    const transferId = transferIdOf(e.streamId);
    const receivedAt = new Date(e.data.receivedAt);
    const outgoing = rows.of(OutgoingTransfer).update({ transferId }, { status: 'received', receivedAt });
    const incoming = rows.of(IncomingTransfer).update({ transferId }, { status: 'received', receivedAt });
    // From receipt on, the receiving school on the platform reads the pupil's file.
    if (outgoing && incoming)
      rows.of(ReceivedFile).insert({ transferId, schoolId: incoming.schoolId, pupilId: outgoing.pupilId, receivedAt });
  },
};

/** Outgoing transfers for the sending school, incoming ones for a receiving school on the platform, and the files received. */
export const cpTransfersProjection = defineProjection<CpTransferEvent>()({
  name: CP_TRANSFERS,
  version: 1,
  entities: [OutgoingTransfer, IncomingTransfer, ReceivedFile],
  readable: [OutgoingTransfer, IncomingTransfer, ReceivedFile],
  migrations: [CpTransferTables1796139711594],
  handlers: {
    CpTransferStarted: (e, rows) => {
      const d = e.data;
      const common = { transferId: d.transferId, pupilId: d.pupilId, leftOn: d.leftOn, dueOn: d.dueOn, status: 'awaiting_receipt' };
      const startedAt = new Date(d.startedAt);
      rows.of(OutgoingTransfer).insert({
        ...common,
        schoolId: d.fromSchoolId,
        toSchoolId: d.destination.schoolId,
        toName: d.destination.name,
        toUrn: d.destination.urn,
        startedAt,
        startedBy: d.startedBy,
        receivedAt: null,
      });
      if (d.destination.schoolId !== null)
        rows
          .of(IncomingTransfer)
          .insert({ ...common, schoolId: d.destination.schoolId, fromSchoolId: d.fromSchoolId, startedAt, receivedAt: null });
    },
    CpTransferReceiptConfirmed: receipt,
    CpTransferReceiptRecorded: receipt,
  },
});
