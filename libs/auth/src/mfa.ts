import { createHmac } from 'node:crypto';
import { generateSecret, generateSync, generateURI, ScureBase32Plugin, verifySync } from 'otplib';
import QRCode from 'qrcode';
import type { Role } from '#lib/kernel';

/** Roles that read the most sensitive records sign in with a second factor. */
export const MFA_REQUIRED_ROLES: Role[] = ['dsl', 'deputy_dsl', 'headteacher', 'trust_auditor', 'trust_admin', 'trust_safeguarding_lead'];

/** A chronology is read only with a second factor given within this window (step-up). */
export const STEP_UP_WINDOW_MS = 15 * 60_000;

export function requiresMfa(roles: Role[]): boolean {
  return roles.some((r) => MFA_REQUIRED_ROLES.includes(r));
}

export function newTotpSecret(): string {
  return generateSecret();
}

/** A code is accepted in its own 30-second step and the one either side (clock drift on phones). */
export function totpValid(secret: string, code: string, at: Date): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return verifySync({ secret, token: code, epoch: Math.floor(at.getTime() / 1000), epochTolerance: 30 }).valid;
}

export function totpCode(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

export async function enrolment(secret: string, email: string): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
  const otpauthUrl = generateURI({ secret, label: email, issuer: 'Safeguarding Platform' });
  return { secret, otpauthUrl, qrCodeDataUrl: await QRCode.toDataURL(otpauthUrl) };
}

/** The demo accounts' secrets are derived from their email, so the README can list them. Demo only. */
export function demoTotpSecret(email: string): string {
  const bytes = createHmac('sha1', 'demo-learning-trust-totp').update(email.toLowerCase()).digest();
  return new ScureBase32Plugin().encode(new Uint8Array(bytes));
}
