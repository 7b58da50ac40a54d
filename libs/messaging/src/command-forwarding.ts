import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { GatewayConfig } from './messaging-config.js';

export type CommandService = 'safeguarding' | 'incidents' | 'workforce';

/**
 * Which service decides the commands under each first path segment of /api (the platform derives it
 * from the controllers each service runs: commandRoutes). Anything else the gateway answers itself.
 */
export type CommandRoutes = Readonly<Record<string, CommandService>>;

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Headers that belong to one connection, or that fetch recomputes. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'host',
  'content-length',
  'content-encoding',
]);

const MAX_BODY_BYTES = 1024 * 1024;

/** The service a request goes to, or null when the gateway handles it (reads, sign-in, anything unrouted). */
export function commandServiceFor(routes: CommandRoutes, method: string, url: string): CommandService | null {
  if (READS.has(method.toUpperCase())) return null;
  const match = /^\/api\/([^/?#]+)/.exec(url);
  return match ? (routes[match[1]!] ?? null) : null;
}

function problem(res: Response, status: number, title: string, detail: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: `urn:problem:http-${status}`, title, status, detail }));
}

async function readBody(req: Request): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return 'too_large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The gateway's command path: a write under a routed segment is passed, as it came (token,
 * Idempotency-Key, If-Match, body), to the command service that owns it, and its answer (201, 409,
 * 422, problem details, ETag) comes back unchanged. The service authenticates the token again with
 * the same guard, so a service reached directly is no weaker than the gateway.
 */
export function forwardCommands(
  app: INestApplication,
  config: GatewayConfig,
  routes: CommandRoutes,
  fetchImpl: typeof fetch = fetch,
): void {
  const base: Record<CommandService, string> = {
    safeguarding: config.SAFEGUARDING_URL,
    incidents: config.INCIDENTS_URL,
    workforce: config.WORKFORCE_URL,
  };
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    const service = commandServiceFor(routes, req.method, req.originalUrl);
    if (!service) return next();
    const body = await readBody(req);
    if (body === 'too_large') return problem(res, 413, 'Request too large', 'The request body is larger than 1 MiB');
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    headers.set('x-forwarded-for', req.ip ?? '');
    let upstream: globalThis.Response;
    try {
      upstream = await fetchImpl(new URL(req.originalUrl, base[service]), {
        method: req.method,
        headers,
        body: body.length > 0 ? new Uint8Array(body) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      // The command may or may not have been stored: repeating it with the same Idempotency-Key is safe.
      return problem(
        res,
        503,
        'Service unavailable',
        `The ${service} service did not answer; repeat the request with the same Idempotency-Key`,
      );
    }
    res.status(upstream.status);
    upstream.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) res.setHeader(name, value);
    });
    res.send(Buffer.from(await upstream.arrayBuffer()));
  });
}
