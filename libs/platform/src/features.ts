import type { Type } from '@nestjs/common';
import { AlertsModule } from '#lib/alerts';
import { AttachmentsModule } from '#lib/attachments';
import { AuditModule } from '#lib/audit';
import { ChronologyModule } from '#lib/chronology';
import { ConcernsModule } from '#lib/concerns';
import { CpTransfersModule } from '#lib/cp-transfers';
import { IncidentsModule } from '#lib/incidents';
import { MisImportModule } from '#lib/mis-import';
import { NotificationsModule } from '#lib/notifications';
import { PupilsModule } from '#lib/pupils';
import { ReportsModule } from '#lib/reports';
import { WorkforceModule } from '#lib/workforce';

/** The feature modules the platform composes (each also runs in its own deployable). */
export const FEATURE_MODULES: Type[] = [
  WorkforceModule,
  PupilsModule,
  IncidentsModule,
  ConcernsModule,
  MisImportModule,
  ChronologyModule,
  ReportsModule,
  CpTransfersModule,
  AlertsModule,
  AuditModule,
  AttachmentsModule,
  NotificationsModule,
];
