import { Module } from '@nestjs/common';
import { IncidentsController } from './incidents.controller.js';
import { Incidents } from './incidents.js';
import { TeamTeachController } from './team-teach/team-teach.controller.js';
import { TeamTeachService } from './team-teach/team-teach.service.js';

/** Restraint / physical-intervention incidents: the command side, the single-incident read and the Team Teach audit. */
@Module({
  controllers: [IncidentsController, TeamTeachController],
  providers: [Incidents, TeamTeachService],
  exports: [TeamTeachService],
})
export class IncidentsModule {}
