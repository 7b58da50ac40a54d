import { personalDataOf, subjectIn } from '#lib/kernel';
import type { AttachmentAdded } from './attachments.js';

// The file name may name someone; the bytes (outside the event) are encrypted under the same subject.
export const ATTACHMENT_PERSONAL_DATA = personalDataOf<AttachmentAdded>({
  AttachmentAdded: { subject: (d) => subjectIn(d.subjectId), paths: ['fileName'] },
});
