import { Module, type OnModuleInit } from '@nestjs/common';
import { Vocabulary } from '../../core/src/vocabulary.js';
import { INCIDENT_EVENT_LABELS } from '../../domain/src/incident/events.js';
import {
  CORRECTABLE_INCIDENT_FIELD_LABELS,
  DE_ESCALATION_LABELS,
  DEBRIEF_KIND_LABELS,
  INCIDENT_FORCE_TYPE_LABELS,
  INCIDENT_REASON_LABELS,
  PARENT_NOTIFICATION_METHOD_LABELS,
  TEAM_TEACH_HOLD_LABELS,
} from '../../domain/src/incident/vocabulary.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentList, INCIDENT_FOLLOW_UP_LABELS } from './incident-list.js';
import { Incidents } from './incidents.js';

/** Restraint / physical-intervention incidents: the command side and the single-incident read. */
@Module({
  controllers: [IncidentsController],
  providers: [Incidents, IncidentList],
})
export class IncidentsModule implements OnModuleInit {
  constructor(private readonly vocabulary: Vocabulary) {}

  onModuleInit(): void {
    this.vocabulary.add({
      holds: TEAM_TEACH_HOLD_LABELS,
      deEscalation: DE_ESCALATION_LABELS,
      forceTypes: INCIDENT_FORCE_TYPE_LABELS,
      incidentReasons: INCIDENT_REASON_LABELS,
      parentNotificationMethods: PARENT_NOTIFICATION_METHOD_LABELS,
      debriefKinds: DEBRIEF_KIND_LABELS,
      incidentFields: CORRECTABLE_INCIDENT_FIELD_LABELS,
      incidentEvents: INCIDENT_EVENT_LABELS,
      incidentFollowUps: INCIDENT_FOLLOW_UP_LABELS,
    });
  }
}
