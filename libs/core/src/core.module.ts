import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CommandRunner } from './command-runner.js';
import { IdempotencyInterceptor } from './idempotency.js';
import { ViewLog } from './view-log.js';

/** The command side's shared services: the runner every handler uses, the view log, idempotency. */
@Global()
@Module({
  providers: [CommandRunner, ViewLog, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [CommandRunner, ViewLog],
})
export class CoreModule {}
