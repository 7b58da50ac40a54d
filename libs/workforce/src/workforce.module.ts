import { Module, type OnModuleInit } from '@nestjs/common';
import { Vocabulary } from '../../core/src/vocabulary.js';
import { TRAINING_STATUS_LABELS } from '../../domain/src/staff/training-reference.js';
import { JOB_ROLE_LABELS, STAFF_ROLE_LABELS } from '../../domain/src/staff/vocabulary.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '../../core/src/config.js';
import { CoverAssignmentLocator } from './cover/cover-assignment-locator.js';
import { COVER_CAP, CoverAssignments } from './cover/cover-assignments.js';
import { CoverController } from './cover/cover.controller.js';
import { StaffDirectory } from './staff/staff-directory.js';
import { StaffRecords } from './staff/staff-records.js';
import { StaffRegistration } from './staff/staff-registration.js';
import { StaffController } from './staff/staff.controller.js';
import { TrainingReferenceService } from './training/training-reference.service.js';
import { TrainingController } from './training/training.controller.js';

/** Staff, training and cover: the workforce side of the school. */
@Module({
  controllers: [StaffController, TrainingController, CoverController],
  providers: [
    StaffRegistration,
    StaffDirectory,
    StaffRecords,
    TrainingReferenceService,
    CoverAssignments,
    CoverAssignmentLocator,
    {
      provide: COVER_CAP,
      useFactory: (config: PlatformConfig) => config.COVER_CAP_PERCENT,
      inject: [PLATFORM_CONFIG],
    },
  ],
  exports: [StaffRegistration, TrainingReferenceService],
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
