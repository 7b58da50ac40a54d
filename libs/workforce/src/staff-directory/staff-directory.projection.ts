import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#lib/event-store';
import { insertIfAbsent, type Projection } from '#lib/read-models';
import type { StaffMemberRegistered } from '../domain/staff/events.js';
import { DirectoryStaffMember } from './staff-directory.entities.js';
import { StaffDirectoryTables1764489600000 } from './staff-directory.migrations.js';

export const STAFF_DIRECTORY = 'staff-directory';

/** Who works in each school, for lists and pickers. */
export const staffDirectoryProjection: Projection = {
  name: STAFF_DIRECTORY,
  version: 1,
  entities: [DirectoryStaffMember],
  readable: [DirectoryStaffMember],
  migrations: [StaffDirectoryTables1764489600000],
  eventTypes: ['StaffMemberRegistered'],
  async apply(db: EntityManager, events: RecordedEvent[]) {
    for (const e of events) {
      const s = (e as unknown as StaffMemberRegistered).data;
      await insertIfAbsent(db, DirectoryStaffMember, {
        staffId: s.staffId,
        schoolId: s.schoolId,
        name: s.name,
        jobRole: s.jobRole,
        roles: s.roles,
        contractedHoursPerWeek: String(s.contractedHoursPerWeek),
        hlta: s.hlta,
        startDate: s.startDate,
      });
    }
  },
};
