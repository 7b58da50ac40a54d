import { Module } from '@nestjs/common';
import { ChronologyController } from './chronology.controller.js';
import { ChronologyService } from './chronology.service.js';

/** Each pupil's chronology: concerns, incidents, actions and decisions about them, in order. */
@Module({
  controllers: [ChronologyController],
  providers: [ChronologyService],
  exports: [ChronologyService],
})
export class ChronologyModule {}
