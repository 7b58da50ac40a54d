import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '#lib/kernel';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';
export const MFA_ENROLMENT = 'auth:mfa-enrolment';
export const RECENT_MFA = 'auth:recent-mfa';
export const OWN_SIGN_IN = 'auth:own-sign-in';
export const STREAM_TICKET = 'auth:stream-ticket';

/** A route anyone may call without a token (sign-in, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** Reachable with the limited token given to an account that must still enrol a second factor. */
export const AllowMfaEnrolment = () => SetMetadata(MFA_ENROLMENT, true);

/** Needs a second factor given within the last 15 minutes (step-up), e.g. before reading a chronology. */
export const RequiresRecentMfa = () => SetMetadata(RECENT_MFA, true);

/** Changes only the caller's own second factor, never a record: read-only trust auditors may call it too. */
export const OwnSignIn = () => SetMetadata(OWN_SIGN_IN, true);

/** A server-sent event stream: opened with a single-use `?ticket=` (EventSource cannot send a header). */
export const AllowStreamTicket = () => SetMetadata(STREAM_TICKET, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});
