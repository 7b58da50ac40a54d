import type { INestApplication } from '@nestjs/common';
import type { Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { PlatformConfig } from './config.js';

/** RFC 9457 problem details for a refusal, with Retry-After (the security headers are set before any limit runs). */
function tooMany(detail: string) {
  return (req: Request & { rateLimit?: { resetTime?: Date } }, res: Response) => {
    const reset = req.rateLimit?.resetTime?.getTime();
    const seconds = reset ? Math.max(1, Math.ceil((reset - Date.now()) / 1000)) : 60;
    res.setHeader('Retry-After', String(seconds));
    res
      .status(429)
      .type('application/problem+json')
      .json({
        type: 'urn:problem:rate-limited',
        title: 'Too many requests',
        status: 429,
        detail: `${detail}; try again in ${seconds} seconds`,
      });
  };
}

/**
 * Limits per client address, each its own bucket (docs/adr/sign-in-limits.md):
 * - sign-in: high enough for a whole school behind one address signing in at 8:45 (hundreds a
 *   minute); only failed attempts count, so the morning rush costs nothing and a pupil sending junk
 *   must send hundreds a minute to get in anyone's way. Guessing one account is stopped by the
 *   lockout per account and address, not here.
 * - second factor (step-up, enrolment, stream tickets, sign-out): its own bucket, so a DSL's step-up
 *   never waits behind the morning's sign-ins.
 * - writes (flooding). Reads are not limited.
 * The counts live in the process: one platform (or one gateway), one counter.
 */
export function applyRateLimits(app: INestApplication, config: PlatformConfig): void {
  const common = { windowMs: 60_000, standardHeaders: 'draft-8' as const, legacyHeaders: false };
  app.use(
    '/api/auth/login',
    rateLimit({
      ...common,
      limit: config.RATE_LIMIT_SIGN_IN_PER_MINUTE,
      skipSuccessfulRequests: true,
      handler: tooMany('Too many failed sign-ins from this address'),
    }),
  );
  app.use(
    ['/api/auth/step-up', '/api/auth/mfa', '/api/auth/stream-ticket', '/api/auth/logout'],
    rateLimit({ ...common, limit: config.RATE_LIMIT_SECOND_FACTOR_PER_MINUTE, handler: tooMany('Too many requests from this address') }),
  );
  app.use(
    '/api',
    rateLimit({
      ...common,
      limit: config.RATE_LIMIT_WRITES_PER_MINUTE,
      skip: (req) => ['GET', 'HEAD', 'OPTIONS'].includes(req.method),
      handler: tooMany('Too many changes from this address'),
    }),
  );
}
