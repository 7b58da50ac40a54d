import { Module, type OnModuleInit } from '@nestjs/common';
import { Vocabulary } from '../../core/src/vocabulary.js';
import { REPLAYABLE_LABELS } from './audit/audit.dto.js';
import { CHRONOLOGY_KIND_LABELS } from './chronology/chronology-entry.js';
import { TEAM_TEACH_BREACH_LABELS, TEAM_TEACH_CHECK_LABELS } from './team-teach/team-teach.checks.js';
import { AuditController } from './audit/audit.controller.js';
import { ChronologyController } from './chronology/chronology.controller.js';
import { ChronologyService } from './chronology/chronology.service.js';
import { CoverLedgerController } from './cover-ledger/cover-ledger.controller.js';
import { CoverLedgerService } from './cover-ledger/cover-ledger.service.js';
import { TeamTeachController } from './team-teach/team-teach.controller.js';
import { TeamTeachService } from './team-teach/team-teach.service.js';
import { TrainingMatrixController } from './training-matrix/training-matrix.controller.js';
import { TrainingMatrixService } from './training-matrix/training-matrix.service.js';

/** The read side's reports: training matrix, cover ledger, Team Teach audit, chronology, and the auditor's routes. */
@Module({
  controllers: [TrainingMatrixController, CoverLedgerController, TeamTeachController, ChronologyController, AuditController],
  providers: [TrainingMatrixService, CoverLedgerService, TeamTeachService, ChronologyService],
  exports: [TrainingMatrixService, CoverLedgerService, TeamTeachService, ChronologyService],
})
export class ProjectionsModule implements OnModuleInit {
  constructor(private readonly vocabulary: Vocabulary) {}

  onModuleInit(): void {
    this.vocabulary.add({
      teamTeachChecks: TEAM_TEACH_CHECK_LABELS,
      teamTeachBreaches: TEAM_TEACH_BREACH_LABELS,
      chronologyKinds: CHRONOLOGY_KIND_LABELS,
      projections: REPLAYABLE_LABELS,
    });
  }
}
