import { Module, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig, Vocabulary } from '#lib/core';
import { STAFF_ROLE_LABELS } from '#lib/kernel';
import { TRAINING_STATUS_LABELS } from './domain/staff/training-reference.js';
import { JOB_ROLE_LABELS } from './domain/staff/vocabulary.js';
import { CoverAssignmentLocator } from './cover/cover-assignment-locator.js';
import { COVER_CAP, CoverAssignments } from './cover/cover-assignments.js';
import { CoverController } from './cover/cover.controller.js';
import { StaffDirectory } from './staff/staff-directory.js';
import { StaffRecords } from './staff/staff-records.js';
import { StaffRegistration } from './staff/staff-registration.js';
import { StaffController } from './staff/staff.controller.js';
import { TrainingReferenceService } from './training/training-reference.service.js';
import { TrainingController } from './training/training.controller.js';
import { StaffAccountChanges } from './staff/staff-account-changes.js';
import { CoverLedgerController } from './cover-ledger/cover-ledger.controller.js';
import { CoverLedgerService } from './cover-ledger/cover-ledger.service.js';
import { TrainingMatrixController } from './training-matrix/training-matrix.controller.js';
import { TrainingMatrixService } from './training-matrix/training-matrix.service.js';

/** Staff, training and cover: the workforce side of the school, with the training matrix and the cover ledger. */
@Module({
  controllers: [StaffController, TrainingController, CoverController, TrainingMatrixController, CoverLedgerController],
  providers: [
    StaffRegistration,
    StaffDirectory,
    StaffRecords,
    StaffAccountChanges,
    TrainingReferenceService,
    CoverAssignments,
    CoverAssignmentLocator,
    TrainingMatrixService,
    CoverLedgerService,
    {
      provide: COVER_CAP,
      useFactory: (config: PlatformConfig) => config.COVER_CAP_PERCENT,
      inject: [PLATFORM_CONFIG],
    },
  ],
  exports: [StaffRegistration, TrainingReferenceService, TrainingMatrixService, CoverLedgerService],
})
export class WorkforceModule implements OnModuleInit {
  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly training: TrainingReferenceService,
  ) {}

  onModuleInit(): void {
    this.vocabulary.add({
      jobRoles: JOB_ROLE_LABELS,
      roles: STAFF_ROLE_LABELS,
      trainingStatuses: TRAINING_STATUS_LABELS,
      // A trust may add courses of its own: their titles are its reference data.
      courses: async (trustId) =>
        Object.fromEntries(Object.entries((await this.training.forTrust(trustId)).courses).map(([code, c]) => [code, c.title])),
    });
  }
}
