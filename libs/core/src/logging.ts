import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { PlatformConfig } from './config.js';

/**
 * Structured JSON logs. Authorization headers, cookies, request bodies and database error details are
 * never logged: they carry tokens and personal data about children.
 */
export function loggingModule(config: PlatformConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
        // PostgreSQL puts row values in `detail` ("Key (name)=(...) already exists"): never log them.
        err: (err: Error) => {
          const { detail: _detail, where: _where, ...rest } = pino.stdSerializers.err(err) as Record<string, unknown>;
          return rest;
        },
      },
      customProps: () => ({ service: 'safeguarding-platform' }),
      ...(config.LOG_FILE ? { stream: pino.destination({ dest: config.LOG_FILE, sync: true, mkdir: true }) } : {}),
    },
  });
}
