import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CommandRunner } from './command-runner.js';
import { IdempotencyInterceptor } from './idempotency.js';
import { ViewLog } from './view-log.js';
import { Vocabulary, VocabularyController } from './vocabulary.js';

/** The shared services: the runner every handler uses, the view log, idempotency, and the vocabulary route. */
@Global()
@Module({
  controllers: [VocabularyController],
  providers: [CommandRunner, ViewLog, Vocabulary, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [CommandRunner, ViewLog, Vocabulary],
})
export class CoreModule {}
