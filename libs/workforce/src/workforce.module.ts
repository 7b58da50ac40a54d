import { Module } from '@nestjs/common';
import { StaffRegistration } from './staff/staff-registration.js';

/** Staff, training and cover: the workforce side of the school. */
@Module({
  providers: [StaffRegistration],
  exports: [StaffRegistration],
})
export class WorkforceModule {}
