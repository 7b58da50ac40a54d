import type { INestApplication } from '@nestjs/common';
import { rateLimit } from 'express-rate-limit';
import type { PlatformConfig } from './config.js';

const tooMany = {
  type: 'urn:problem:http-429',
  title: 'Too many requests',
  status: 429,
  detail: 'Too many requests; wait a minute and try again',
};

/**
 * Two limits per client address: sign-in attempts (password guessing) and writes (flooding).
 * Reads are not limited. The counts live in the process: one platform, one counter.
 */
export function applyRateLimits(app: INestApplication, config: PlatformConfig): void {
  const common = { windowMs: 60_000, standardHeaders: 'draft-8' as const, legacyHeaders: false, message: tooMany, statusCode: 429 };
  app.use('/api/auth', rateLimit({ ...common, limit: config.RATE_LIMIT_SIGN_IN_PER_MINUTE }));
  app.use(
    '/api',
    rateLimit({ ...common, limit: config.RATE_LIMIT_WRITES_PER_MINUTE, skip: (req) => ['GET', 'HEAD', 'OPTIONS'].includes(req.method) }),
  );
}
