import { Module } from '@nestjs/common';
import { PupilDirectory } from './pupil-directory.js';
import { PupilsController } from './pupils.controller.js';
import { Erasure } from './privacy/erasure.service.js';
import { PrivacyController } from './privacy/privacy.controller.js';
import { RetentionJob } from './privacy/retention-job.js';
import { PupilSupportController } from './support/support.controller.js';

/**
 * Pupils: registration, the directory for pickers, and their personal data's erasure, legal holds
 * and retention. The encryption itself sits under every feature, in the event store
 * (EncryptingEventStore, libs/privacy).
 */
@Module({
  controllers: [PupilsController, PrivacyController, PupilSupportController],
  providers: [PupilDirectory, Erasure, RetentionJob],
  exports: [PupilDirectory, Erasure, RetentionJob],
})
export class PupilsModule {}
