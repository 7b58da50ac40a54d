import { Module, type OnModuleInit } from '@nestjs/common';
import { Vocabulary } from '#lib/core';
import { PupilsModule } from '#lib/pupils';
import { INCIDENT_EVENT_LABELS } from './domain/events.js';
import {
  CORRECTABLE_INCIDENT_FIELD_LABELS,
  DE_ESCALATION_LABELS,
  DEBRIEF_KIND_LABELS,
  INCIDENT_FORCE_TYPE_LABELS,
  INCIDENT_REASON_LABELS,
  INJURED_PERSON_LABELS,
  INTERVENTION_TYPE_LABELS,
  INTERVENTION_USES_HOLDS,
  PARENT_RELATIONSHIP_LABELS,
  PARENT_NOTIFICATION_METHOD_LABELS,
  TEAM_TEACH_HOLD_LABELS,
} from './domain/vocabulary.js';
import { IncidentList, INCIDENT_FOLLOW_UP_LABELS } from './incident-list/incident-list.js';
import { IncidentsController } from './incidents.controller.js';
import { Incidents } from './incidents.js';
import { TEAM_TEACH_BREACH_LABELS, TEAM_TEACH_CHECK_LABELS } from './team-teach/team-teach.checks.js';
import { TeamTeachController } from './team-teach/team-teach.controller.js';
import { TeamTeachService } from './team-teach/team-teach.service.js';

/** Restraint / physical-intervention incidents: the command side, the single-incident read and the Team Teach audit. */
@Module({
  imports: [PupilsModule],
  controllers: [IncidentsController, TeamTeachController],
  providers: [Incidents, IncidentList, TeamTeachService],
  exports: [TeamTeachService],
})
export class IncidentsModule implements OnModuleInit {
  constructor(private readonly vocabulary: Vocabulary) {}

  onModuleInit(): void {
    this.vocabulary.add({
      holds: TEAM_TEACH_HOLD_LABELS,
      deEscalation: DE_ESCALATION_LABELS,
      forceTypes: INCIDENT_FORCE_TYPE_LABELS,
      interventionTypes: INTERVENTION_TYPE_LABELS,
      // The types carried out with holds (the form asks for holds only for these).
      interventionTypesUsingHolds: Object.fromEntries(
        Object.entries(INTERVENTION_TYPE_LABELS).filter(([code]) => INTERVENTION_USES_HOLDS[code as keyof typeof INTERVENTION_USES_HOLDS]),
      ),
      injuredPersons: INJURED_PERSON_LABELS,
      parentRelationships: PARENT_RELATIONSHIP_LABELS,
      incidentReasons: INCIDENT_REASON_LABELS,
      parentNotificationMethods: PARENT_NOTIFICATION_METHOD_LABELS,
      debriefKinds: DEBRIEF_KIND_LABELS,
      incidentFields: CORRECTABLE_INCIDENT_FIELD_LABELS,
      incidentEvents: INCIDENT_EVENT_LABELS,
      incidentFollowUps: INCIDENT_FOLLOW_UP_LABELS,
      teamTeachChecks: TEAM_TEACH_CHECK_LABELS,
      teamTeachBreaches: TEAM_TEACH_BREACH_LABELS,
    });
  }
}
