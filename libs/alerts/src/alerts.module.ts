import { Module, type OnModuleInit } from '@nestjs/common';
import { Vocabulary } from '#lib/core';
import {
  ALERT_KIND_FAMILIES,
  ALERT_KIND_LABELS,
  ALERT_PRIORITY_LABELS,
  ALERT_STATUS_LABELS,
  ESCALATION_LEVEL_LABELS,
} from './alert-vocabulary.js';
import { AlertsController } from './alerts.controller.js';
import { Alerts } from './alerts.js';

/** The DSL alert inbox (its projection is registered with the read models in apps/platform). */
@Module({
  controllers: [AlertsController],
  providers: [Alerts],
})
export class AlertsModule implements OnModuleInit {
  constructor(private readonly vocabulary: Vocabulary) {}

  onModuleInit(): void {
    this.vocabulary.add({
      alertKinds: ALERT_KIND_LABELS,
      alertFamilies: ALERT_KIND_FAMILIES,
      alertPriorities: ALERT_PRIORITY_LABELS,
      alertStatuses: ALERT_STATUS_LABELS,
      escalationLevels: ESCALATION_LEVEL_LABELS,
    });
  }
}
