/**
 * Files kept with a record (a photo of a bruise, a social worker's letter): the stream
 * `attachments-<recordType>-<recordId>` holds what was attached, by whom and when. The bytes are not
 * in the event: the event names them by their SHA-256, and the store holds them encrypted with the
 * key of the record's subject (so erasing the subject shreds them, as it shreds the record's text).
 */
import { type Decider, type DomainEvent, RuleViolation, unreachable } from '#lib/kernel';

export const ATTACHMENT_RECORD_TYPES = ['concern', 'incident'] as const;
export type AttachmentRecordType = (typeof ATTACHMENT_RECORD_TYPES)[number];

export const attachmentsStream = (recordType: AttachmentRecordType, recordId: string): string => `attachments-${recordType}-${recordId}`;

export const MAX_ATTACHMENTS_PER_RECORD = 10;
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_FILE_NAME_LENGTH = 255;

/**
 * What may be attached, by the type read from the bytes: photos, PDF letters and reports, and the
 * office documents agencies send. Images are re-encoded to drop their metadata; HEIC is not among
 * them (the image library cannot decode it here), phones' browsers send JPEG from the camera.
 * `application/x-cfb` is the container of Word 97–2003 and Excel 97–2003 files.
 */
export const ATTACHMENT_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/rtf',
  'application/x-cfb',
] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

export const isAllowedContentType = (type: string): type is AttachmentContentType =>
  (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(type);

export interface AttachmentFacts {
  attachmentId: string;
  recordType: AttachmentRecordType;
  recordId: string;
  /** Whose key encrypts the bytes and the file name: the subject of the record's stream. */
  subjectId: string;
  /** Of the bytes as stored (after an image's metadata was stripped). */
  sha256: string;
  contentType: AttachmentContentType;
  size: number;
  /** As the uploader's device named it (it may name someone: personal data). */
  fileName: string;
  addedBy: string;
  addedAt: string;
}

export type AttachmentAdded = DomainEvent<'AttachmentAdded', AttachmentFacts>;
export type AttachmentEvent = AttachmentAdded;

export interface AddAttachment extends Omit<AttachmentFacts, 'addedAt'> {
  type: 'AddAttachment';
  now: string;
}
export type AttachmentCommand = AddAttachment;

export interface AttachmentsState {
  attachments: AttachmentFacts[];
}

const SHA256 = /^[0-9a-f]{64}$/;

export function decideAttachments(command: AttachmentCommand, state: AttachmentsState): AttachmentEvent[] {
  switch (command.type) {
    case 'AddAttachment': {
      // The same bytes again on the same record (a retried upload) are the attachment already there.
      if (state.attachments.some((a) => a.sha256 === command.sha256)) return [];
      if (state.attachments.length >= MAX_ATTACHMENTS_PER_RECORD)
        throw new RuleViolation('attachment.too_many', `A record can have at most ${MAX_ATTACHMENTS_PER_RECORD} attachments.`);
      if (!SHA256.test(command.sha256)) throw new RuleViolation('attachment.sha256', 'The content hash must be a SHA-256 in hex.');
      if (!isAllowedContentType(command.contentType))
        throw new RuleViolation('attachment.content_type', `Files of type ${String(command.contentType)} cannot be attached.`);
      if (!Number.isInteger(command.size) || command.size <= 0 || command.size > MAX_ATTACHMENT_BYTES)
        throw new RuleViolation('attachment.size', `An attachment must be between 1 byte and ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`);
      const { type: _type, now, ...facts } = command;
      const fileName = facts.fileName.trim().slice(0, MAX_FILE_NAME_LENGTH) || 'attachment';
      return [{ type: 'AttachmentAdded', schemaVersion: 1, data: { ...facts, fileName, addedAt: now } }];
    }
    default:
      return unreachable(command.type);
  }
}

export function evolveAttachments(state: AttachmentsState, event: AttachmentEvent): AttachmentsState {
  switch (event.type) {
    case 'AttachmentAdded':
      return { attachments: [...state.attachments, event.data] };
    default:
      return unreachable(event.type);
  }
}

export const attachmentsDecider: Decider<AttachmentCommand, AttachmentEvent, AttachmentsState> = {
  decide: decideAttachments,
  evolve: evolveAttachments,
  initialState: { attachments: [] },
};

export const ATTACHMENT_EVENT_LABELS: Record<AttachmentEvent['type'], string> = {
  AttachmentAdded: 'File attached',
};
