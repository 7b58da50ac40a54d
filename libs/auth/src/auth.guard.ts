import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { forbidden } from '../../core/src/problem-details.js';
import { isReadOnly, type Actor, type Role } from './actor.js';
import { IS_PUBLIC, ROLES } from './decorators.js';

interface TokenClaims {
  sub: string;
  name: string;
  roles: Role[];
  schoolId: string | null;
  trustId: string;
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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; method: string; actor?: Actor; query: Record<string, unknown> }>();
    const header = req.headers.authorization ?? '';
    // EventSource cannot send headers, so the alert stream also accepts the token as a query parameter.
    const token = header.startsWith('Bearer ')
      ? header.slice(7)
      : typeof req.query?.access_token === 'string'
        ? req.query.access_token
        : '';
    if (!token) throw new UnauthorizedException('Sign in first');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedException('Your session has expired or is invalid; sign in again');
    }
    const actor: Actor = {
      staffId: claims.sub,
      name: claims.name,
      roles: claims.roles,
      schoolId: claims.schoolId,
      trustId: claims.trustId,
    };
    req.actor = actor;
    if (req.method !== 'GET' && req.method !== 'HEAD' && isReadOnly(actor))
      throw forbidden('Trust auditors can read but not change records');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !actor.roles.some((r) => roles.includes(r))) throw forbidden();
    return true;
  }
}

export function tokenClaims(actor: Actor): TokenClaims {
  return { sub: actor.staffId, name: actor.name, roles: actor.roles, schoolId: actor.schoolId, trustId: actor.trustId };
}
