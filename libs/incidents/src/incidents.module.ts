import { Module } from '@nestjs/common';
import { IncidentsController } from './incidents.controller.js';
import { Incidents } from './incidents.js';

/** Restraint / physical-intervention incidents: the command side and the single-incident read. */
@Module({
  controllers: [IncidentsController],
  providers: [Incidents],
})
export class IncidentsModule {}
