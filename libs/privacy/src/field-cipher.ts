import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What a personal field holds at rest: AES-256-GCM ciphertext under the data key of subject `s`. */
export interface SealedField {
  $enc: 'v1';
  /** The subject whose data key encrypts it. */
  s: string;
  iv: string;
  ct: string;
  tag: string;
}

/** Shown in place of a field whose subject was erased. */
export const ERASED = '[erased]';
/** Shown in place of a field whose ciphertext fails authentication (it was altered) or whose key is missing. */
export const UNREADABLE = '[unreadable]';

export function isSealed(value: unknown): value is SealedField {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.$enc === 'v1' && typeof v.s === 'string' && typeof v.iv === 'string' && typeof v.ct === 'string' && typeof v.tag === 'string';
}

/**
 * The associated data binds a ciphertext to its subject, event and field, so a ciphertext copied
 * into another event or field does not decrypt there.
 */
const associatedData = (subject: string, eventId: string, path: string) =>
  Buffer.from(`v1\u0000${subject}\u0000${eventId}\u0000${path}`, 'utf8');

export function sealField(key: Buffer, subject: string, eventId: string, path: string, plaintext: string): SealedField {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(subject, eventId, path));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { $enc: 'v1', s: subject, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** The plaintext, or null when authentication fails (the ciphertext, its subject or its place was altered). */
export function openField(key: Buffer, eventId: string, path: string, sealed: SealedField): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'), { authTagLength: 16 });
    decipher.setAAD(associatedData(sealed.s, eventId, path));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
