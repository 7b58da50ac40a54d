import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type pg from 'pg';
import { type Clock, CLOCK, PG_POOL } from '#lib/core';

/** Failures of one account from one address within the window that lock that account for that address. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
/** Failures of one account from every address within the window past which new addresses must wait. */
export const ACCOUNT_BACKOFF_AFTER = 20;
/** An address the account signed in from within this long is its own: never slowed by others' failures. */
const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60_000;
const MAX_BACKOFF_MS = LOCKOUT_WINDOW_MS;

export type SignInRefusal = { kind: 'locked'; retryAfterSeconds: number } | { kind: 'slowed'; retryAfterSeconds: number };

/**
 * The lockout of OWASP's authentication guidance without its denial of service (docs/adr/sign-in-limits.md):
 * failures count per account *and client address*, so 5 wrong passwords lock that account for that
 * address only — a stranger elsewhere (a pupil on the school Wi-Fi included, whose address is the
 * school's) locks nobody else out. Guessing one account from many addresses is slowed instead: past 20
 * failures in 15 minutes, an address the account has not signed in from waits, doubling per failure,
 * while addresses it has used keep signing in. Addresses are kept only as a keyed hash.
 */
@Injectable()
export class SignInLockout {
  private readonly logger = new Logger('SignInLockout');

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The address as the lockout keeps it: pseudonymised (a hash), enough to tell addresses apart. */
  addressOf(ip: string | undefined): string {
    return createHmac('sha256', 'sign-in-address')
      .update(ip ?? '')
      .digest('base64url')
      .slice(0, 22);
  }

  /** Why this account may not try from this address now, or null. */
  async refusal(email: string, address: string): Promise<SignInRefusal | null> {
    const now = this.clock.now().getTime();
    const since = new Date(now - LOCKOUT_WINDOW_MS);
    const { rows } = await this.pool.query<{ here: Date[]; everywhere: number; last: Date | null; known: boolean }>(
      `SELECT
         coalesce((SELECT array_agg(at ORDER BY at DESC) FROM sign_in_attempts
                    WHERE email = lower($1) AND address = $2 AND NOT succeeded AND at > $3), '{}') AS here,
         (SELECT count(*)::int FROM sign_in_attempts WHERE email = lower($1) AND NOT succeeded AND at > $3) AS everywhere,
         (SELECT max(at) FROM sign_in_attempts WHERE email = lower($1) AND NOT succeeded AND at > $3) AS last,
         EXISTS (SELECT 1 FROM sign_in_attempts WHERE email = lower($1) AND address = $2 AND succeeded AND at > $4) AS known`,
      [email, address, since, new Date(now - KNOWN_ADDRESS_MS)],
    );
    const { here, everywhere, last, known } = rows[0]!;
    if (here.length >= MAX_FAILED_SIGN_INS) {
      // Locked until the fifth most recent failure leaves the window.
      const until = new Date(here[MAX_FAILED_SIGN_INS - 1]!).getTime() + LOCKOUT_WINDOW_MS;
      return { kind: 'locked', retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
    }
    if (!known && everywhere >= ACCOUNT_BACKOFF_AFTER && last) {
      const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(20, everywhere - ACCOUNT_BACKOFF_AFTER));
      const until = new Date(last).getTime() + wait;
      if (until > now) return { kind: 'slowed', retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
    }
    return null;
  }

  async record(email: string, address: string, succeeded: boolean): Promise<void> {
    await this.pool.query('INSERT INTO sign_in_attempts (email, address, succeeded, at) VALUES (lower($1), $2, $3, $4)', [
      email,
      address,
      succeeded,
      this.clock.now(),
    ]);
    if (!succeeded && (await this.refusal(email, address))?.kind === 'locked') {
      // Neither the address nor the email is logged in full (personal data); a hint of which account is.
      this.logger.warn(
        { account: email.replace(/^(.).*(@.*)$/, '$1***$2') },
        'account locked for one address after repeated failed sign-ins',
      );
    }
  }
}
