import { Module } from '@nestjs/common';
import { PupilsModule } from '#lib/pupils';
import { ConcernList } from './concern-list.js';
import { ConcernVisibility } from './concern-visibility.js';
import { ConcernsController } from './concerns.controller.js';

/** Safeguarding concerns: raising, triage, actions, addenda, closure, and who may read them. */
@Module({
  imports: [PupilsModule],
  controllers: [ConcernsController],
  providers: [ConcernList, ConcernVisibility],
  exports: [ConcernList, ConcernVisibility],
})
export class ConcernsModule {}
