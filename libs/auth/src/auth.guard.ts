import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { type Clock, CLOCK, forbidden, ProblemException } from '#lib/core';
import { type Actor, isReadOnly, type Role } from '#lib/kernel';
import { IS_PUBLIC, MFA_ENROLMENT, OWN_SIGN_IN, RECENT_MFA, ROLES, STREAM_TICKET } from './decorators.js';
import { STEP_UP_WINDOW_MS } from './mfa.js';
import { Sessions } from './sessions.js';

export interface TokenClaims {
  sub: string;
  name: string;
  roles: Role[];
  schoolId: string | null;
  trustId: string;
  /** `mfa_enrolment`: may only enrol a second factor. */
  scope?: 'access' | 'mfa_enrolment';
  /** When the second factor was last given (ms since epoch). */
  mfaAt?: number;
  /** The session the token belongs to: ended by sign-out, deactivation or a role change. */
  sid: string;
}

/** The request's session, for the routes that act on it (sign-out, a stream ticket). */
export interface RequestSession {
  id: string;
  claims: TokenClaims;
}

/** For reads that need a second factor given in the last 15 minutes only for some of their answers. */
export function assertRecentMfa(actor: Actor, now: Date): void {
  if (!actor.mfaAt || now.getTime() - actor.mfaAt > STEP_UP_WINDOW_MS) throw stepUpRequired();
}

export function stepUpRequired(): ProblemException {
  return new ProblemException({
    type: 'urn:problem:step-up-required',
    title: 'Confirm it is you',
    status: 401,
    detail: 'Enter a code from your authenticator app (POST /api/auth/step-up) to read this record',
  });
}

/**
 * Every route needs a valid token unless marked @Public(). Roles come from the token; trust
 * auditors are refused every write, whatever the route says.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sessions: Sessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      method: string;
      actor?: Actor;
      session?: RequestSession;
      query: Record<string, unknown>;
    }>();
    const claims = await this.claimsOf(req, this.reflector.getAllAndOverride<boolean>(STREAM_TICKET, targets) ?? false);
    const kind = claims.scope === 'mfa_enrolment' ? 'mfa_enrolment' : 'access';
    if (typeof claims.sid !== 'string' || !(await this.sessions.isOpen(claims.sid, claims.sub, kind))) {
      throw new UnauthorizedException('Your session has ended; sign in again');
    }
    req.session = { id: claims.sid, claims };
    const actor: Actor = {
      staffId: claims.sub,
      name: claims.name,
      roles: claims.roles,
      schoolId: claims.schoolId,
      trustId: claims.trustId,
      mfaAt: claims.mfaAt,
    };
    const enrolmentRoute = this.reflector.getAllAndOverride<boolean>(MFA_ENROLMENT, targets) ?? false;
    if ((claims.scope === 'mfa_enrolment') !== enrolmentRoute) {
      throw new UnauthorizedException(enrolmentRoute ? 'This is for enrolling a second factor only' : 'Enrol a second factor first');
    }
    req.actor = actor;
    const ownSignIn = this.reflector.getAllAndOverride<boolean>(OWN_SIGN_IN, targets) ?? false;
    if (req.method !== 'GET' && req.method !== 'HEAD' && isReadOnly(actor) && !ownSignIn)
      throw forbidden('Trust auditors can read but not change records');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !actor.roles.some((r) => roles.includes(r))) throw forbidden();
    // After the role check: someone who may never read it is told so, not asked for a code.
    if (this.reflector.getAllAndOverride<boolean>(RECENT_MFA, targets)) assertRecentMfa(actor, this.clock.now());
    return true;
  }

  /**
   * An access token only from the Authorization header: a token in a URL lands in proxy and server
   * logs and browser history. The alert stream (EventSource sends no headers) takes a single-use
   * ticket instead (POST /api/auth/stream-ticket).
   */
  private async claimsOf(req: { headers: Record<string, string | undefined>; query: Record<string, unknown> }, ticketRoute: boolean) {
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Bearer ')) {
      try {
        return await this.jwt.verifyAsync<TokenClaims>(header.slice(7));
      } catch {
        throw new UnauthorizedException('Your session has expired or is invalid; sign in again');
      }
    }
    if (ticketRoute && typeof req.query.ticket === 'string') {
      const claims = await this.sessions.redeemStreamTicket(req.query.ticket);
      if (!claims) throw new UnauthorizedException('This stream ticket was used already or has expired; ask for a new one');
      return claims as unknown as TokenClaims;
    }
    throw new UnauthorizedException('Sign in first (the access token goes in the Authorization header)');
  }
}

export function tokenClaims(actor: Actor, sid: string, extra: Pick<TokenClaims, 'scope' | 'mfaAt'> = {}): TokenClaims {
  return { sub: actor.staffId, name: actor.name, roles: actor.roles, schoolId: actor.schoolId, trustId: actor.trustId, sid, ...extra };
}
