import { Module } from '@nestjs/common';
import { ConcernList } from './concerns/concern-list.js';
import { ConcernsController } from './concerns/concerns.controller.js';
import { PupilDirectory } from './pupils/pupil-directory.js';
import { PupilsController } from './pupils/pupils.controller.js';

/** Pupils and safeguarding concerns: raising, triage, actions, addenda, closure, and who may read them. */
@Module({
  controllers: [PupilsController, ConcernsController],
  providers: [PupilDirectory, ConcernList],
  exports: [PupilDirectory, ConcernList],
})
export class SafeguardingModule {}
