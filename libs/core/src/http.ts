import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { fieldErrors, invalidInput, ProblemDetailsFilter } from './problem-details.js';
import { WellFormedInputPipe } from './well-formed-input.js';

const SELF = ["'self'"];

/**
 * Security headers on every response, before anything else runs (a 429 or a 413 carries them too):
 * a strict Content-Security-Policy for the web app and the API — no inline script or style — and
 * Swagger UI's allowance for inline script and style at /api/docs alone. Every /api response is
 * `Cache-Control: no-store`: most carry personal data, and a shared school computer's cache or a
 * proxy must keep none of it.
 */
export function applySecurityHeaders(app: INestApplication): void {
  // CORS stays off: the web app is served from the same origin, so no other site may call the API.
  const strict = helmet({
    contentSecurityPolicy: {
      directives: { 'script-src': SELF, 'style-src': SELF, 'img-src': ["'self'", 'data:', 'blob:'], 'connect-src': SELF },
    },
  });
  const docs = helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
      },
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/api' || req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
    return (req.path === '/api/docs' || req.path.startsWith('/api/docs/') ? docs : strict)(req, res, next);
  });
}

/** What every HTTP app (platform, gateway) shares: the /api prefix, validation, problem details, OpenAPI. */
export function configureHttp(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: [] });
  app.useGlobalPipes(
    new WellFormedInputPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => invalidInput(fieldErrors(errors)),
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Safeguarding and incident platform')
      .setDescription('Concerns, restraint incidents, cover and training for schools and trusts. Errors are RFC 9457 problem details.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
