import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { type Clock, CLOCK, ProblemException } from '#lib/core';
import { Accounts } from './accounts.js';
import type { Actor } from '#lib/kernel';
import { type RequestSession, tokenClaims } from './auth.guard.js';
import { AllowMfaEnrolment, CurrentActor, OwnSignIn, Public } from './decorators.js';
import { type SignInRefusal, SignInLockout } from './lockout.js';
import { enrolment, newTotpSecret, requiresMfa, totpStep } from './mfa.js';
import { Sessions, STREAM_TICKET_TTL_MS } from './sessions.js';

export class LoginDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MaxLength(200)
  password!: string;

  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'totp must be the 6-digit code from your authenticator app' })
  totp?: string;
}

export class TotpDto {
  @IsString()
  @Matches(/^\d{6}$/, { message: 'totp must be the 6-digit code from your authenticator app' })
  totp!: string;
}

function refused(refusal: SignInRefusal, res: Response): ProblemException {
  res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
  return refusal.kind === 'locked'
    ? new ProblemException({
        type: 'urn:problem:sign-in-locked',
        title: 'Account locked',
        status: 423,
        detail: `Too many failed sign-ins to this account from this address: try again in ${Math.ceil(refusal.retryAfterSeconds / 60)} minutes, from another device, or ask your headteacher or trust admin to reset your password`,
      })
    : new ProblemException({
        type: 'urn:problem:sign-in-slowed',
        title: 'Too many requests',
        status: 429,
        detail: `Many failed sign-ins to this account from elsewhere: try again in ${refusal.retryAfterSeconds} seconds`,
      });
}

function codeUsed(): UnauthorizedException {
  return new UnauthorizedException('This code has been used already: wait for the next code from your authenticator app');
}

function mfaRequired(): ProblemException {
  return new ProblemException({
    type: 'urn:problem:mfa-required',
    title: 'Multi-factor code required',
    status: 401,
    detail: 'Enter the 6-digit code from your authenticator app',
  });
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly accounts: Accounts,
    private readonly lockout: SignInLockout,
    private readonly sessions: Sessions,
    private readonly jwt: JwtService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Password, then (for DSLs, heads, auditors and admins) a TOTP code. An account that must use a
   * second factor but has none yet gets a limited token that can only enrol one. Failures lock the
   * account for the address they came from only (see SignInLockout).
   */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ accessToken, user } or, before enrolment, { mfaEnrolmentRequired: true, enrolmentToken, user }' })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const address = this.lockout.addressOf(req.ip);
    const refusal = await this.lockout.refusal(body.email, address);
    if (refusal) throw refused(refusal, res);
    const candidate = await this.accounts.check(body.email, body.password);
    if (!candidate) {
      await this.lockout.record(body.email, address, false);
      throw new UnauthorizedException('Wrong email or password');
    }
    const { actor, totpSecret } = candidate;
    if (!requiresMfa(actor.roles)) {
      await this.lockout.record(body.email, address, true);
      return { accessToken: await this.sign(actor), user: me(actor) };
    }
    if (!totpSecret) {
      await this.lockout.record(body.email, address, true);
      const sid = await this.sessions.start(actor.staffId, 'mfa_enrolment');
      const enrolmentToken = await this.jwt.signAsync(tokenClaims(actor, sid, { scope: 'mfa_enrolment' }), { expiresIn: '15m' });
      return { mfaEnrolmentRequired: true, enrolmentToken, user: me(actor) };
    }
    if (!body.totp) throw mfaRequired();
    const now = this.clock.now();
    const step = totpStep(totpSecret, body.totp, now);
    if (step === null) {
      // A wrong code counts like a wrong password: guessing codes ends in the same lock.
      await this.lockout.record(body.email, address, false);
      throw new UnauthorizedException('Wrong code');
    }
    if (!(await this.accounts.useTotpStep(actor.staffId, step))) throw codeUsed();
    await this.lockout.record(body.email, address, true);
    return { accessToken: await this.sign(actor, now.getTime()), user: me(actor) };
  }

  /** Ends this token's session: the token is refused from the next request on, here and in every other process. */
  @Post('auth/logout')
  @OwnSignIn()
  @HttpCode(204)
  @ApiBearerAuth()
  async logout(@Req() req: Request & { session: RequestSession }): Promise<void> {
    await this.sessions.end(req.session.id, 'signed_out');
  }

  /**
   * A single-use ticket, valid for a minute, for `GET /api/alerts/stream?ticket=` (EventSource sends
   * no Authorization header; the access token never goes in a URL).
   */
  @Post('auth/stream-ticket')
  @OwnSignIn()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ description: '{ ticket, expiresInSeconds }' })
  async streamTicket(@Req() req: Request & { session: RequestSession }) {
    const ticket = await this.sessions.issueStreamTicket(req.session.id, req.session.claims);
    return { ticket, expiresInSeconds: STREAM_TICKET_TTL_MS / 1000 };
  }

  /** Enrolment, step 1: a new secret and its QR code for the authenticator app. */
  @AllowMfaEnrolment()
  @OwnSignIn()
  @Post('auth/mfa/enrol')
  @HttpCode(200)
  @ApiBearerAuth()
  async enrol(@CurrentActor() actor: Actor) {
    const account = await this.accounts.byId(actor.staffId);
    if (!account) throw new UnauthorizedException();
    // Replacing a confirmed second factor is a reset by an administrator, never this token's to do.
    if (account.totpSecret) throw new UnauthorizedException('A second factor is enrolled already; sign in with its code');
    const secret = newTotpSecret();
    await this.accounts.setPendingTotpSecret(actor.staffId, secret);
    return enrolment(secret, account.email);
  }

  /** Enrolment, step 2: a first code proves the app holds the secret; then a full sign-in, and the enrolment token is spent. */
  @AllowMfaEnrolment()
  @OwnSignIn()
  @Post('auth/mfa/confirm')
  @HttpCode(200)
  @ApiBearerAuth()
  async confirm(@CurrentActor() actor: Actor, @Body() body: TotpDto, @Req() req: Request & { session: RequestSession }) {
    const account = await this.accounts.byId(actor.staffId);
    const now = this.clock.now();
    if (!account || account.totpSecret) throw new UnauthorizedException('A second factor is enrolled already; sign in with its code');
    const step = account.pendingSecret ? totpStep(account.pendingSecret, body.totp, now) : null;
    if (step === null) throw new UnauthorizedException('Wrong code');
    // Spent first: of two confirmations racing with one token, one wins.
    if (!(await this.sessions.end(req.session.id, 'enrolled'))) throw new UnauthorizedException('This enrolment token has been used');
    await this.accounts.confirmTotp(actor.staffId, account.pendingSecret!, now, step);
    return { accessToken: await this.sign(account.actor, now.getTime()), user: me(account.actor) };
  }

  /** A fresh second factor for reads that need one given recently (a pupil's chronology). */
  @Post('auth/step-up')
  @OwnSignIn()
  @HttpCode(200)
  @ApiBearerAuth()
  async stepUp(
    @CurrentActor() actor: Actor,
    @Body() body: TotpDto,
    @Req() req: Request & { session: RequestSession },
    @Res({ passthrough: true }) res: Response,
  ) {
    const account = await this.accounts.byId(actor.staffId);
    if (!account?.totpSecret) throw new UnauthorizedException('Wrong code');
    const address = this.lockout.addressOf(req.ip);
    const refusal = await this.lockout.refusal(account.email, address);
    if (refusal) throw refused(refusal, res);
    const now = this.clock.now();
    const step = totpStep(account.totpSecret, body.totp, now);
    if (step === null) {
      await this.lockout.record(account.email, address, false);
      throw new UnauthorizedException('Wrong code');
    }
    if (!(await this.accounts.useTotpStep(actor.staffId, step))) throw codeUsed();
    // The same session, with a fresh second factor: signing out still ends it.
    return {
      accessToken: await this.jwt.signAsync(tokenClaims(account.actor, req.session.id, { mfaAt: now.getTime() })),
      user: me(account.actor),
    };
  }

  /** The schools the caller may act in: their own, or every school of their trust for trust-level accounts. */
  @Get('schools')
  @ApiBearerAuth()
  async schools(@CurrentActor() actor: Actor) {
    const schools = await this.accounts.schoolsOfTrust(actor.trustId);
    return (actor.schoolId ? schools.filter((s) => s.id === actor.schoolId) : schools).map((s) => ({
      id: s.id,
      slug: s.slug,
      name: s.name,
    }));
  }

  @Get('me')
  @ApiBearerAuth()
  whoAmI(@CurrentActor() actor: Actor) {
    return me(actor);
  }

  /** A token of a new session. */
  private async sign(actor: Actor, mfaAt?: number): Promise<string> {
    const sid = await this.sessions.start(actor.staffId, 'access');
    return this.jwt.signAsync(tokenClaims(actor, sid, mfaAt === undefined ? {} : { mfaAt }));
  }
}

function me(actor: Actor) {
  return { id: actor.staffId, name: actor.name, roles: actor.roles, schoolId: actor.schoolId, trustId: actor.trustId };
}
