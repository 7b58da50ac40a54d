import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '#lib/kernel';
import { invalidInput } from './problem-details.js';

/** Everything about a command that is not its payload: who, under which key, expecting which version. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  idempotencyKey?: string;
  /** From `If-Match`: the version the caller saw. A stale one is a 409, not retried. */
  expectedVersion?: number;
  /** A new id; derived from the idempotency key when there is one, so a repeat names the same record. */
  newId(label: string): string;
}

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  // Shaped as a version-8 (custom) UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function commandContext(
  actor: Actor,
  headers: Record<string, string | string[] | undefined>,
  correlationId?: string,
): CommandContext {
  const key = single(headers['idempotency-key']);
  if (key !== undefined && (key.length === 0 || key.length > 200))
    throw invalidInput([{ field: 'Idempotency-Key', message: 'must be 1 to 200 characters' }]);
  const ifMatch = single(headers['if-match']);
  let expectedVersion: number | undefined;
  if (ifMatch !== undefined) {
    const v = Number(ifMatch.replace(/^W\//, '').replace(/"/g, ''));
    if (!Number.isInteger(v) || v < 0) throw invalidInput([{ field: 'If-Match', message: 'must be the record version, a whole number' }]);
    expectedVersion = v;
  }
  const scope = key ? `${actor.staffId}\u0000${key}` : undefined;
  return {
    actor,
    correlationId: single(headers['x-correlation-id'])?.slice(0, 100) ?? correlationId ?? randomUUID(),
    idempotencyKey: key,
    expectedVersion,
    newId: (label) => (scope ? uuidFrom(`${scope}\u0000${label}`) : randomUUID()),
  };
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** `@Ctx() ctx: CommandContext` in a controller. */
export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor; headers: Record<string, string | string[] | undefined>; id?: string }>();
  if (!req.actor) throw new Error('Ctx used on a public route');
  return commandContext(req.actor, req.headers, req.id ? String(req.id) : undefined);
});

export { uuidFrom };
