import { Module } from '@nestjs/common';
import { Erasure } from './erasure.service.js';
import { PrivacyController } from './privacy.controller.js';
import { RetentionJob } from './retention-job.js';

/**
 * Erasure, legal holds and retention. The encryption itself sits under every feature, in the
 * event store the DatabaseModule provides (EncryptingEventStore).
 */
@Module({
  controllers: [PrivacyController],
  providers: [Erasure, RetentionJob],
  exports: [Erasure, RetentionJob],
})
export class PrivacyModule {}
