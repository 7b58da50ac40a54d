import { Module, type OnModuleInit } from '@nestjs/common';
import { Vocabulary } from '#lib/core';
import { RestrictiveInterventionsController } from './restrictive-interventions/ri.controller.js';
import { RestrictiveInterventionsService } from './restrictive-interventions/ri.service.js';
import { INTERVENTION_TYPE_LABELS, REPORT_GROUP_LABELS } from './restrictive-interventions/ri.types.js';

/** Reports across the features for leaders, the trust and governors. */
@Module({
  controllers: [RestrictiveInterventionsController],
  providers: [RestrictiveInterventionsService],
})
export class ReportsModule implements OnModuleInit {
  constructor(private readonly vocabulary: Vocabulary) {}

  onModuleInit(): void {
    this.vocabulary.add({ reportInterventionTypes: INTERVENTION_TYPE_LABELS, reportGroups: REPORT_GROUP_LABELS });
  }
}
