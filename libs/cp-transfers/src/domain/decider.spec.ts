import { DeciderSpecification } from '#lib/kernel';
import type { StartCpTransfer } from './commands.js';
import { cpTransferDecider, cpTransferStream } from './decider.js';
import type { CpTransferEvent, CpTransferStarted } from './events.js';

const NOW = '2026-03-02T10:00:00Z';
const spec = () => DeciderSpecification.for(cpTransferDecider);

const start = (overrides: Partial<StartCpTransfer> = {}): StartCpTransfer => ({
  type: 'StartCpTransfer',
  transferId: 't-1',
  pupilId: 'p-1',
  fromSchoolId: 'oakfield',
  leftOn: '2026-03-02',
  destination: { schoolId: 'hillside', name: ' Hillside Academy ', urn: null },
  by: 'dsl-1',
  now: NOW,
  ...overrides,
});

const started = (
  destination: CpTransferStarted['data']['destination'] = { schoolId: 'hillside', name: 'Hillside Academy', urn: null },
): CpTransferStarted => ({
  type: 'CpTransferStarted',
  schemaVersion: 1,
  data: {
    transferId: 't-1',
    pupilId: 'p-1',
    fromSchoolId: 'oakfield',
    leftOn: '2026-03-02',
    destination,
    dueOn: '2026-03-09',
    startedBy: 'dsl-1',
    startedAt: NOW,
  },
});
const elsewhere = started({ schoolId: null, name: 'Far School', urn: '123456' });
const confirmed: CpTransferEvent = {
  type: 'CpTransferReceiptConfirmed',
  schemaVersion: 1,
  data: { confirmedBy: 'dsl-9', schoolId: 'hillside', receivedAt: '2026-03-04T09:00:00Z' },
};

describe('cp transfer stream', () => {
  it('is named after the transfer', () => expect(cpTransferStream('t-1')).toBe('cp-transfer-t-1'));
});

describe('StartCpTransfer', () => {
  it('starts a transfer due on the 5th school day after the pupil left', () => spec().given([]).when(start()).then([started()]));

  it('counts school days over a weekend (left on a Thursday: due the next Thursday)', () =>
    spec()
      .given([])
      .when(start({ leftOn: '2026-03-05' }))
      .thenState((s) => expect(s?.dueOn).toBe('2026-03-12')));

  it('refuses the school the pupil is leaving as the destination', () =>
    spec()
      .given([])
      .when(start({ destination: { schoolId: 'oakfield', name: 'Oakfield', urn: null } }))
      .thenThrows('cp_transfer.same_school'));

  it('needs the destination’s name', () =>
    spec()
      .given([])
      .when(start({ destination: { schoolId: null, name: ' ', urn: null } }))
      .thenThrows('cp_transfer.destination_required'));

  it('refuses a URN that is not 6 or 7 digits', () =>
    spec()
      .given([])
      .when(start({ destination: { schoolId: null, name: 'Far', urn: '12ab' } }))
      .thenThrows('cp_transfer.invalid_urn'));

  it('refuses a leaving date that is not a date', () =>
    spec()
      .given([])
      .when(start({ leftOn: '2026-02-30' }))
      .thenThrows('cp_transfer.invalid_field'));

  it('refuses to start twice', () => spec().given([started()]).when(start()).thenThrows('cp_transfer.already_started'));
});

describe('ConfirmCpTransferReceipt (a school on the platform)', () => {
  const confirm = { type: 'ConfirmCpTransferReceipt' as const, by: 'dsl-9', bySchoolId: 'hillside', now: '2026-03-04T09:00:00Z' };

  it('records the receiving school’s confirmation', () => spec().given([started()]).when(confirm).then([confirmed]));

  it('is the receiving school’s alone', () =>
    spec()
      .given([started()])
      .when({ ...confirm, bySchoolId: 'oakfield' })
      .thenThrows('cp_transfer.not_receiving_school'));

  it('is not how a school elsewhere receives', () => spec().given([elsewhere]).when(confirm).thenThrows('cp_transfer.not_on_platform'));

  it('happens once', () => spec().given([started(), confirmed]).when(confirm).thenThrows('cp_transfer.already_received'));

  it('needs a transfer', () => spec().given([]).when(confirm).thenThrows('cp_transfer.not_found'));
});

describe('RecordCpTransferReceipt (a school elsewhere)', () => {
  const record = {
    type: 'RecordCpTransferReceipt' as const,
    receivedBy: ' Mo Hill ',
    receivedAt: '2026-03-03T15:00:00Z',
    by: 'dsl-1',
    now: '2026-03-04T09:00:00Z',
  };

  it('records who received the file and when', () =>
    spec()
      .given([elsewhere])
      .when(record)
      .then([
        {
          type: 'CpTransferReceiptRecorded',
          schemaVersion: 1,
          data: { receivedBy: 'Mo Hill', receivedAt: '2026-03-03T15:00:00Z', recordedBy: 'dsl-1', recordedAt: '2026-03-04T09:00:00Z' },
        },
      ]));

  it('is the receiving school’s to confirm when it is on the platform', () =>
    spec().given([started()]).when(record).thenThrows('cp_transfer.on_platform'));

  it('needs who received it', () =>
    spec()
      .given([elsewhere])
      .when({ ...record, receivedBy: '' })
      .thenThrows('cp_transfer.received_by_required'));

  it('refuses a receipt in the future or before the transfer started', () => {
    spec()
      .given([elsewhere])
      .when({ ...record, receivedAt: '2026-03-05T09:00:00Z' })
      .thenThrows('cp_transfer.receipt_in_future');
    spec()
      .given([elsewhere])
      .when({ ...record, receivedAt: '2026-03-01T09:00:00Z' })
      .thenThrows('cp_transfer.receipt_before_start');
  });

  it('marks the transfer received', () =>
    spec()
      .given([elsewhere])
      .when(record)
      .thenState((s) => expect(s).toMatchObject({ status: 'received', receipt: { by: 'Mo Hill', onPlatform: false } })));
});
