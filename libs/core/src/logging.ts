import { LoggerModule } from 'nestjs-pino';
import type { PlatformConfig } from './config.js';

/**
 * Structured JSON logs. Authorization headers, cookies and request bodies are never logged: they
 * carry tokens and personal data about children.
 */
export function loggingModule(config: PlatformConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
      },
      customProps: () => ({ service: 'safeguarding-platform' }),
    },
  });
}
