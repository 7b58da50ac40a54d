import { Body, Controller, Get, HttpCode, HttpException, Inject, Post, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { type Clock, CLOCK, ProblemException } from '#lib/core';
import { Accounts } from './accounts.js';
import type { Actor } from '#lib/kernel';
import { tokenClaims } from './auth.guard.js';
import { AllowMfaEnrolment, CurrentActor, OwnSignIn, Public } from './decorators.js';
import { SignInLockout } from './lockout.js';
import { enrolment, newTotpSecret, requiresMfa, totpValid } from './mfa.js';

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
    private readonly jwt: JwtService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Password, then (for DSLs, heads, auditors and admins) a TOTP code. An account that must use a
   * second factor but has none yet gets a limited token that can only enrol one.
   */
  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ accessToken, user } or, before enrolment, { mfaEnrolmentRequired: true, enrolmentToken, user }' })
  async login(@Body() body: LoginDto) {
    if (await this.lockout.isLocked(body.email)) {
      throw new HttpException('Too many failed sign-ins: this account is locked for 15 minutes', 423);
    }
    const candidate = await this.accounts.check(body.email, body.password);
    if (!candidate) {
      await this.lockout.record(body.email, false);
      throw new UnauthorizedException('Wrong email or password');
    }
    const { actor, totpSecret } = candidate;
    if (!requiresMfa(actor.roles)) {
      await this.lockout.record(body.email, true);
      return { accessToken: await this.jwt.signAsync(tokenClaims(actor)), user: me(actor) };
    }
    if (!totpSecret) {
      await this.lockout.record(body.email, true);
      const enrolmentToken = await this.jwt.signAsync(tokenClaims(actor, { scope: 'mfa_enrolment' }), { expiresIn: '15m' });
      return { mfaEnrolmentRequired: true, enrolmentToken, user: me(actor) };
    }
    if (!body.totp) throw mfaRequired();
    const now = this.clock.now();
    if (!totpValid(totpSecret, body.totp, now)) {
      // A wrong code counts like a wrong password: guessing codes ends in the same lock.
      await this.lockout.record(body.email, false);
      throw new UnauthorizedException('Wrong code');
    }
    await this.lockout.record(body.email, true);
    return { accessToken: await this.jwt.signAsync(tokenClaims(actor, { mfaAt: now.getTime() })), user: me(actor) };
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
    const secret = newTotpSecret();
    await this.accounts.setPendingTotpSecret(actor.staffId, secret);
    return enrolment(secret, account.email);
  }

  /** Enrolment, step 2: a first code proves the app holds the secret; then a full sign-in. */
  @AllowMfaEnrolment()
  @OwnSignIn()
  @Post('auth/mfa/confirm')
  @HttpCode(200)
  @ApiBearerAuth()
  async confirm(@CurrentActor() actor: Actor, @Body() body: TotpDto) {
    const account = await this.accounts.byId(actor.staffId);
    const now = this.clock.now();
    if (!account?.pendingSecret || !totpValid(account.pendingSecret, body.totp, now)) throw new UnauthorizedException('Wrong code');
    await this.accounts.confirmTotp(actor.staffId, account.pendingSecret, now);
    return { accessToken: await this.jwt.signAsync(tokenClaims(account.actor, { mfaAt: now.getTime() })), user: me(account.actor) };
  }

  /** A fresh second factor for reads that need one given recently (a pupil's chronology). */
  @Post('auth/step-up')
  @OwnSignIn()
  @HttpCode(200)
  @ApiBearerAuth()
  async stepUp(@CurrentActor() actor: Actor, @Body() body: TotpDto) {
    const account = await this.accounts.byId(actor.staffId);
    const now = this.clock.now();
    if (!account?.totpSecret || !totpValid(account.totpSecret, body.totp, now)) throw new UnauthorizedException('Wrong code');
    return { accessToken: await this.jwt.signAsync(tokenClaims(account.actor, { mfaAt: now.getTime() })), user: me(account.actor) };
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
}

function me(actor: Actor) {
  return { id: actor.staffId, name: actor.name, roles: actor.roles, schoolId: actor.schoolId, trustId: actor.trustId };
}
