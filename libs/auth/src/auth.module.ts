import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { Accounts } from './accounts.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { SignInLockout } from './lockout.js';
import { Sessions } from './sessions.js';

export interface AuthOptions {
  jwtSecret: string;
  accessTokenTtl: string;
}

@Global()
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        JwtModule.register({
          secret: options.jwtSecret,
          signOptions: { expiresIn: options.accessTokenTtl as '8h', algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      controllers: [AuthController],
      providers: [Accounts, SignInLockout, Sessions, AuthGuard, { provide: APP_GUARD, useExisting: AuthGuard }],
      exports: [Accounts, Sessions, JwtModule],
    };
  }
}
