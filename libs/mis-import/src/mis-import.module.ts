import { Module } from '@nestjs/common';
import { WorkforceModule } from '#lib/workforce';
import { ImportLock } from './import-lock.js';
import { ImportsController } from './imports.controller.js';
import { PupilImport } from './pupil-import.js';
import { StaffImport } from './staff-import.js';

/** Pupils and staff from the CSV exports of the school's MIS (SIMS, Arbor, Bromcom): a dry run, then the import. */
@Module({
  imports: [WorkforceModule],
  controllers: [ImportsController],
  providers: [ImportLock, PupilImport, StaffImport],
})
export class MisImportModule {}
