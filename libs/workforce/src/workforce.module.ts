import { Module } from '@nestjs/common';
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
export class WorkforceModule {}
