import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { Response } from 'express';
import { ConcurrencyError } from '#lib/event-store';
import { RuleViolation } from '#lib/kernel';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  rule?: string;
}

export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }
}

export function invalidInput(errors: FieldError[]): ProblemException {
  return new ProblemException({
    type: 'urn:problem:invalid-input',
    title: 'Invalid input',
    status: 400,
    detail: `Invalid fields: ${[...new Set(errors.map((e) => e.field))].join(', ')}`,
    errors,
  });
}

export function notFound(what = 'resource'): ProblemException {
  return new ProblemException({ type: 'urn:problem:not-found', title: 'Not found', status: 404, detail: `No such ${what}` });
}

export function forbidden(detail = 'Your role does not allow this'): ProblemException {
  return new ProblemException({ type: 'urn:problem:forbidden', title: 'Forbidden', status: 403, detail });
}

/** Flattens class-validator's nested errors into `{ field: 'a.b[0].c', message }`. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

const TITLES: Record<number, string> = {
  400: 'Invalid input',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Concurrent change',
  413: 'Payload too large',
  422: 'Rule refused the command',
  423: 'Account locked',
  429: 'Too many requests',
};

/**
 * The database cannot be reached (down, restarting, refusing connections, out of connections): the
 * request may be repeated shortly, so 503 with Retry-After rather than an error of ours. PostgreSQL's
 * classes 08 (connection exception) and 57P (operator intervention: shutdown, cannot connect now),
 * 53300 (too many connections), and the driver's own words for a connection lost or never made.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (/^(08|57P)/.test(code) || code === '53300' || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(code))
      return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
        message,
      )
    )
      return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

/** Seconds a client is told to wait before repeating a request refused for want of the database. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** PostgreSQL's untranslatable_character and character_not_in_repertoire. */
const UNSTORABLE_TEXT = ['22P05', '22021'];

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: { message: (exception as Error)?.message } }, 'database unavailable');
      if (res.headersSent) return;
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res
        .status(503)
        .type('application/problem+json')
        .json({
          type: 'urn:problem:database-unavailable',
          title: 'Service unavailable',
          status: 503,
          detail: `The database cannot be reached. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds (a write repeated with the same Idempotency-Key is stored once)`,
        } satisfies ProblemDetails);
      return;
    }
    const problem = this.toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception }, 'unhandled error');
    if (res.headersSent) return;
    if (problem.status === 503) res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    res.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ProblemException) return exception.problem;
    if (exception instanceof RuleViolation) {
      return {
        type: `urn:problem:rule:${exception.rule}`,
        title: TITLES[422]!,
        status: 422,
        detail: exception.message,
        rule: exception.rule,
      };
    }
    if (exception instanceof ConcurrencyError) {
      return {
        type: 'urn:problem:conflict',
        title: TITLES[409]!,
        status: 409,
        detail: 'The record was changed by someone else at the same time; reload and try again',
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      return {
        type: `urn:problem:http-${status}`,
        title: TITLES[status] ?? exception.name,
        status,
        detail: Array.isArray(message) ? message.join('; ') : String(message),
      };
    }
    // Text PostgreSQL cannot store (NUL, malformed Unicode) is the request's fault, and nothing was stored.
    const code = (exception as { code?: unknown })?.code;
    if (typeof code === 'string' && UNSTORABLE_TEXT.includes(code)) {
      return {
        type: 'urn:problem:invalid-input',
        title: TITLES[400]!,
        status: 400,
        detail: 'The request holds text that cannot be stored',
      };
    }
    // Malformed JSON from body-parser arrives as a plain error with a status.
    const e = exception as { status?: number; type?: string };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      return {
        type: `urn:problem:http-${e.status}`,
        title: TITLES[e.status] ?? 'Bad request',
        status: e.status,
        detail: e.type ?? 'Bad request',
      };
    }
    return {
      type: 'urn:problem:internal',
      title: 'Internal error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'Something went wrong; nothing was stored',
    };
  }
}
