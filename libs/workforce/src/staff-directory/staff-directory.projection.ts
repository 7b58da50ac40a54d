import { londonDate } from '#lib/kernel';
import { defineProjection } from '#lib/read-models';
import type { StaffEvent } from '../domain/staff/events.js';
import { DirectoryStaffMember } from './staff-directory.entities.js';
import { StaffDirectoryTables1796139601441 } from './migrations/1796139601441-staff-directory-tables.js';
import { StaffDirectoryLeavers1796144594065 } from './migrations/1796144594065-staff-directory-leavers.js';

export const STAFF_DIRECTORY = 'staff-directory';

const staffIdOf = (streamId: string) => streamId.replace(/^staff-/, '');

/** Who works in each school, for lists and pickers. */
export const staffDirectoryProjection = defineProjection<StaffEvent>()({
  name: STAFF_DIRECTORY,
  version: 3,
  entities: [DirectoryStaffMember],
  readable: [DirectoryStaffMember],
  migrations: [StaffDirectoryTables1796139601441, StaffDirectoryLeavers1796144594065],
  handlers: {
    StaffMemberRegistered: (e, rows) => {
      const s = e.data;
      rows.of(DirectoryStaffMember).insert({
        staffId: s.staffId,
        schoolId: s.schoolId,
        name: s.name,
        jobRole: s.jobRole,
        roles: s.roles,
        contractedHoursPerWeek: String(s.contractedHoursPerWeek),
        hlta: s.hlta,
        startDate: s.startDate,
        leftOn: null,
      });
    },
    StaffMemberDeactivated: {
      needs: (e, need) => need.key(DirectoryStaffMember, { staffId: e.data.staffId }),
      fold: (e, rows) =>
        void rows.of(DirectoryStaffMember).update({ staffId: e.data.staffId }, { leftOn: londonDate(e.data.deactivatedAt) }),
    },
    StaffRolesChanged: (e, rows) => void rows.of(DirectoryStaffMember).update({ staffId: e.data.staffId }, { roles: e.data.roles }),
    StaffMemberDetailsChanged: {
      needs: (e, need) => need.key(DirectoryStaffMember, { staffId: staffIdOf(e.streamId) }),
      fold: (e, rows) => {
        const { name, jobRole, contractedHoursPerWeek, hlta } = e.data;
        rows
          .of(DirectoryStaffMember)
          .update({ staffId: staffIdOf(e.streamId) }, { name, jobRole, contractedHoursPerWeek: String(contractedHoursPerWeek), hlta });
      },
    },
  },
});
