import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { type AttachmentContentType, isAllowedContentType } from './domain/index.js';

export interface InspectedContent {
  contentType: AttachmentContentType;
  /** What is stored: the upload itself, or an image re-encoded without its metadata. */
  bytes: Buffer;
  sha256: string;
}

/** The bytes are not a type that may be attached (whatever the file's name says). */
export class UnsupportedContent extends Error {
  constructor(readonly detected: string | null) {
    super(detected ? `Files of type ${detected} cannot be attached` : 'The file is not of a type that can be attached');
  }
}

const IMAGE_FORMATS: Partial<Record<AttachmentContentType, 'jpeg' | 'png' | 'webp' | 'gif'>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/**
 * The type from the bytes (never from the name or the browser's say-so), and an image re-encoded so
 * that no metadata survives: EXIF (GPS position, camera, time), XMP, IPTC and comments. The image is
 * turned upright first, since the orientation tag goes with the rest.
 */
export async function inspectContent(upload: Buffer): Promise<InspectedContent> {
  const detected = await fileTypeFromBuffer(upload);
  const type = detected?.mime ?? null;
  if (type === null || !isAllowedContentType(type)) throw new UnsupportedContent(type);
  const format = IMAGE_FORMATS[type];
  let bytes = upload;
  if (format) {
    try {
      const image = sharp(upload, { animated: format === 'gif' || format === 'webp' }).rotate();
      // JPEG at a high quality keeps the picture (a re-encode is lossy); the others are lossless.
      bytes = await (format === 'jpeg' ? image.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }) : image.toFormat(format)).toBuffer();
    } catch {
      // Bytes that look like an image but do not decode as one are not stored.
      throw new UnsupportedContent(type);
    }
  }
  return { contentType: type, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
