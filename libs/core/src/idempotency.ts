import { CallHandler, ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type pg from 'pg';
import { from, of, switchMap, type Observable } from 'rxjs';
import type { Actor } from '#lib/kernel';
import { PG_POOL } from './database-tokens.js';
import type { Migration } from '#lib/event-store';

export const IDEMPOTENCY_MIGRATIONS: Migration[] = [
  {
    version: 101,
    name: 'idempotency keys',
    sql: `CREATE TABLE idempotency_keys (
      actor_id uuid NOT NULL,
      key text NOT NULL,
      status integer NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (actor_id, key)
    );`,
  },
];

/** Secrets a response may carry once (a new account's one-time password): never kept for replays. */
const SECRET_FIELDS = new Set(['temporaryPassword', 'accessToken', 'enrolmentToken', 'secret', 'otpauthUrl', 'qrCodeDataUrl']);

function withoutSecrets(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([k]) => !SECRET_FIELDS.has(k)));
}

/**
 * `Idempotency-Key`: repeating a command with the same key returns the first result and stores
 * nothing new. The first result is kept per caller; a repeat racing the first is made harmless by
 * the event ids derived from the key (see CommandContext).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<{ method: string; headers: Record<string, string | undefined>; actor?: Actor }>();
    const res = context.switchToHttp().getResponse<{ statusCode: number; status(code: number): void }>();
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || !key || !req.actor) return next.handle();
    const actorId = req.actor.staffId;
    return from(
      this.pool.query<{ status: number; response: unknown }>(
        'SELECT status, response FROM idempotency_keys WHERE actor_id = $1 AND key = $2',
        [actorId, key],
      ),
    ).pipe(
      switchMap(({ rows }) => {
        const first = rows[0];
        if (first) {
          res.status(first.status);
          return of(first.response);
        }
        return next
          .handle()
          .pipe(
            switchMap((body) =>
              from(
                this.pool
                  .query('INSERT INTO idempotency_keys (actor_id, key, status, response) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
                    actorId,
                    key,
                    res.statusCode,
                    JSON.stringify(withoutSecrets(body) ?? null),
                  ])
                  .then(() => body),
              ),
            ),
          );
      }),
    );
  }
}
