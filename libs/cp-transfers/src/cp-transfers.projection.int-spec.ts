import { projectionHarnessPerTest } from '#lib/testing';
import { CP_TRANSFERS, cpTransfersProjection } from './cp-transfers.projection.js';
import type { CpTransferEvent } from './domain/events.js';

// Given events → then rows, without the platform: the transfers each school sees, and the files received.
const h = projectionHarnessPerTest('cp_transfers_projection', [cpTransfersProjection]);

const started = (transferId: string, toSchoolId: string | null): CpTransferEvent => ({
  type: 'CpTransferStarted',
  schemaVersion: 1,
  data: {
    transferId,
    pupilId: 'p1',
    fromSchoolId: 'oakfield',
    leftOn: '2026-03-02',
    destination: { schoolId: toSchoolId, name: toSchoolId ? 'Elsewhere Academy' : 'Hillside School', urn: null },
    dueOn: '2026-03-09',
    startedBy: 'dsl',
    startedAt: '2026-03-02T09:00:00.000Z',
  },
});

describe('child protection file transfers projection', () => {
  it('shows a transfer to a school on the platform as outgoing at the sender and incoming at the receiver, nothing received yet', async () => {
    await h.given('cp-transfer-t1', [started('t1', 'elsewhere')]);
    expect(await h.rows(CP_TRANSFERS, 'outgoing')).toEqual([
      expect.objectContaining({ transfer_id: 't1', school_id: 'oakfield', to_school_id: 'elsewhere', status: 'awaiting_receipt' }),
    ]);
    expect(await h.rows(CP_TRANSFERS, 'incoming')).toEqual([
      expect.objectContaining({ transfer_id: 't1', school_id: 'elsewhere', from_school_id: 'oakfield', status: 'awaiting_receipt' }),
    ]);
    expect(await h.rows(CP_TRANSFERS, 'received_files')).toEqual([]);
  });

  it('grants the receiving school the pupil’s file once it confirms receipt', async () => {
    await h.given('cp-transfer-t1', [started('t1', 'elsewhere')]);
    await h.given('cp-transfer-t1', [
      {
        type: 'CpTransferReceiptConfirmed',
        data: { confirmedBy: 'their-dsl', schoolId: 'elsewhere', receivedAt: '2026-03-04T10:00:00.000Z' },
      },
    ]);
    expect(await h.rows(CP_TRANSFERS, 'outgoing')).toEqual([expect.objectContaining({ status: 'received' })]);
    expect(await h.rows(CP_TRANSFERS, 'received_files')).toEqual([
      expect.objectContaining({ transfer_id: 't1', school_id: 'elsewhere', pupil_id: 'p1' }),
    ]);
  });

  it('records a file received elsewhere at the sender only, granting no school on the platform anything', async () => {
    await h.given('cp-transfer-t2', [started('t2', null)]);
    await h.given('cp-transfer-t2', [
      {
        type: 'CpTransferReceiptRecorded',
        data: { receivedBy: 'Mo Hill', receivedAt: '2026-03-05T10:00:00.000Z', recordedBy: 'dsl', recordedAt: '2026-03-05T11:00:00.000Z' },
      },
    ]);
    expect(await h.rows(CP_TRANSFERS, 'outgoing')).toEqual([
      expect.objectContaining({ transfer_id: 't2', status: 'received', to_school_id: null }),
    ]);
    expect(await h.rows(CP_TRANSFERS, 'incoming')).toEqual([]);
    expect(await h.rows(CP_TRANSFERS, 'received_files')).toEqual([]);
  });
});
