import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Serves the built web app (apps/web/dist) at `/`, with client-side routes falling back to
 * index.html. The API stays under /api; nothing is served when the app has not been built.
 */
export function serveWebApp(app: NestExpressApplication, dir = process.env.WEB_DIST ?? path.resolve('apps/web/dist')): boolean {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(dir, { index: false, maxAge: '1h', immutable: false });
  const http = app.getHttpAdapter().getInstance() as {
    get(route: RegExp, handler: (req: { path: string }, res: { sendFile(file: string): void }, next: () => void) => void): void;
  };
  http.get(/^\/(?!api(\/|$)).*/, (req, res, next) => (path.extname(req.path) ? next() : res.sendFile(index)));
  return true;
}
