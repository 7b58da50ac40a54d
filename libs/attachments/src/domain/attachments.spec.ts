import { DeciderSpecification } from '#lib/kernel';
import {
  type AddAttachment,
  type AttachmentAdded,
  attachmentsDecider,
  attachmentsStream,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_RECORD,
} from './attachments.js';

const NOW = '2026-03-02T10:00:00.000Z';
const sha = (n: number) => n.toString(16).padStart(64, '0');
const spec = () => DeciderSpecification.for(attachmentsDecider);

const add = (overrides: Partial<AddAttachment> = {}): AddAttachment => ({
  type: 'AddAttachment',
  attachmentId: 'a-1',
  recordType: 'concern',
  recordId: 'c-1',
  subjectId: 'p-1',
  sha256: sha(1),
  contentType: 'image/jpeg',
  size: 1234,
  fileName: 'bruise.jpg',
  addedBy: 'dsl-1',
  now: NOW,
  ...overrides,
});

const added = (n: number): AttachmentAdded => {
  const { type: _t, now, ...facts } = add({ attachmentId: `a-${n}`, sha256: sha(n) });
  return { type: 'AttachmentAdded', schemaVersion: 1, data: { ...facts, addedAt: now } };
};

describe('attachments of a record', () => {
  it('is a stream per record', () => expect(attachmentsStream('incident', 'i-1')).toBe('attachments-incident-i-1'));

  it('given nothing, when a file is attached, then it is added with the time', () =>
    spec()
      .given([])
      .when(add())
      .then([added(1)]));

  it('given the same bytes already attached, when attached again, then nothing new is recorded', () =>
    spec()
      .given([added(1)])
      .when(add({ attachmentId: 'a-2' }))
      .then([]));

  it(`given ${MAX_ATTACHMENTS_PER_RECORD} attachments, when another is attached, then it is refused`, () =>
    spec()
      .given(Array.from({ length: MAX_ATTACHMENTS_PER_RECORD }, (_, i) => added(i + 1)))
      .when(add({ sha256: sha(99) }))
      .thenThrows('attachment.too_many'));

  it('refuses a type that is not allowed, an empty or oversized file and a malformed hash', () => {
    spec()
      .given([])
      .when(add({ contentType: 'application/x-msdownload' as never }))
      .thenThrows('attachment.content_type');
    spec()
      .given([])
      .when(add({ size: MAX_ATTACHMENT_BYTES + 1 }))
      .thenThrows('attachment.size');
    spec()
      .given([])
      .when(add({ size: 0 }))
      .thenThrows('attachment.size');
    spec()
      .given([])
      .when(add({ sha256: 'abc' }))
      .thenThrows('attachment.sha256');
  });

  it('names a file with no name "attachment"', () =>
    spec()
      .given([])
      .when(add({ fileName: '   ' }))
      .thenState((s) => expect(s.attachments[0]!.fileName).toBe('attachment')));
});
