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

const STEP_SECONDS = 30;

/**
 * The 30-second time step a code belongs to, if it is valid now: its own step or the one either
 * side (clock drift on phones); null for a wrong code. Whether the step was used already is the
 * account's to say (RFC 6238 section 5.2: a code is accepted once).
 */
export function totpStep(secret: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const epoch = Math.floor(at.getTime() / 1000);
  for (const delta of [-1, 0, 1]) {
    const step = Math.floor(epoch / STEP_SECONDS) + delta;
    if (verifySync({ secret, token: code, epoch: step * STEP_SECONDS, epochTolerance: 0 }).valid) return step;
  }
  return null;
}

/** The time step of an instant (what a code generated then belongs to). */
export function totpStepAt(at: Date): number {
  return Math.floor(at.getTime() / 1000 / STEP_SECONDS);
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
