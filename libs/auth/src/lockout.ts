import { Inject, Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { type Clock, CLOCK, PG_POOL } from '#lib/core';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;

/** After 5 failed sign-ins within 15 minutes an account is locked until the oldest of them ages out. */
@Injectable()
export class SignInLockout {
  private readonly logger = new Logger('SignInLockout');

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async isLocked(email: string): Promise<boolean> {
    const since = new Date(this.clock.now().getTime() - LOCKOUT_WINDOW_MS);
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sign_in_attempts WHERE email = lower($1) AND NOT succeeded AND at > $2',
      [email, since],
    );
    return rows[0]!.n >= MAX_FAILED_SIGN_INS;
  }

  async record(email: string, succeeded: boolean): Promise<void> {
    await this.pool.query('INSERT INTO sign_in_attempts (email, succeeded, at) VALUES (lower($1), $2, $3)', [
      email,
      succeeded,
      this.clock.now(),
    ]);
    if (!succeeded && (await this.isLocked(email))) {
      // The address is not logged (personal data); the lock is, with a hint of which account.
      this.logger.warn({ account: email.replace(/^(.).*(@.*)$/, '$1***$2') }, 'account locked after repeated failed sign-ins');
    }
  }
}
