import { Body, Controller, Get, HttpCode, HttpException, Post, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength } from 'class-validator';
import { Accounts } from './accounts.js';
import type { Actor } from './actor.js';
import { tokenClaims } from './auth.guard.js';
import { CurrentActor, Public } from './decorators.js';
import { SignInLockout } from './lockout.js';

export class LoginDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MaxLength(200)
  password!: string;

  @IsOptional()
  @IsString()
  @MaxLength(10)
  totp?: string;
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly accounts: Accounts,
    private readonly lockout: SignInLockout,
    private readonly jwt: JwtService,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ accessToken, user: { id, name, roles, schoolId, trustId } }' })
  async login(@Body() body: LoginDto) {
    if (await this.lockout.isLocked(body.email)) {
      throw new HttpException('Too many failed sign-ins: this account is locked for 15 minutes', 423);
    }
    const actor = await this.accounts.check(body.email, body.password);
    await this.lockout.record(body.email, actor !== null);
    if (!actor) throw new UnauthorizedException('Wrong email or password');
    const accessToken = await this.jwt.signAsync(tokenClaims(actor));
    return { accessToken, user: me(actor) };
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
