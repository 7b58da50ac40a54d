import { Module } from '@nestjs/common';
import { ChronologyModule } from '#lib/chronology';
import { ConcernsModule } from '#lib/concerns';
import { IncidentsModule } from '#lib/incidents';
import { WorkforceModule } from '#lib/workforce';
import { AuditController } from './audit.controller.js';

/** The auditor's routes: raw history, verification, seals, replays as of an instant, who viewed what. */
@Module({
  imports: [WorkforceModule, IncidentsModule, ChronologyModule, ConcernsModule],
  controllers: [AuditController],
})
export class AuditModule {}
