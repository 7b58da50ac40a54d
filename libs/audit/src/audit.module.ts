import { Module, type OnModuleInit } from '@nestjs/common';
import { Vocabulary } from '#lib/core';
import { ChronologyModule } from '#lib/chronology';
import { ConcernsModule } from '#lib/concerns';
import { IncidentsModule } from '#lib/incidents';
import { WorkforceModule } from '#lib/workforce';
import { AuditController } from './audit.controller.js';
import { REPLAYABLE_LABELS } from './audit.dto.js';

/** The auditor's routes: raw history, verification, seals, replays as of an instant, who viewed what. */
@Module({
  imports: [WorkforceModule, IncidentsModule, ChronologyModule, ConcernsModule],
  controllers: [AuditController],
})
export class AuditModule implements OnModuleInit {
  constructor(private readonly vocabulary: Vocabulary) {}

  onModuleInit(): void {
    this.vocabulary.add({ projections: REPLAYABLE_LABELS });
  }
}
