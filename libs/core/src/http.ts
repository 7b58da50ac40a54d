import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { fieldErrors, invalidInput, ProblemDetailsFilter } from './problem-details.js';
import { WellFormedInputPipe } from './well-formed-input.js';

/** What every HTTP app (platform, gateway) shares: the /api prefix, validation, problem details, OpenAPI. */
export function configureHttp(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: [] });
  // CORS stays off: the web app is served from the same origin, so no other site may call the API.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Swagger UI at /api/docs needs inline script and style; everything else is same-origin.
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          // blob: the web app shows an attachment's photo from bytes it fetched with the token.
          'img-src': ["'self'", 'data:', 'blob:'],
        },
      },
    }),
  );
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
