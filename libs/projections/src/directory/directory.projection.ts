import type { EntityManager } from 'typeorm';
import type { PupilRegistered, PupilSenStatusChanged } from '../../../domain/src/pupil/events.js';
import type { StaffMemberRegistered } from '../../../domain/src/staff/events.js';
import type { RecordedEvent } from '../../../event-store/src/event-store.js';
import { insertIfAbsent } from '../../../read-models/src/generations.js';
import type { Projection } from '../../../read-models/src/projection.js';
import { DirectoryPupil, DirectoryStaffMember } from './directory.entities.js';
import { DirectoryTables1764489600000 } from './directory.migrations.js';

export const DIRECTORY = 'directory';

/** Who is in each school: pupils (with their SEN status now) and staff, for pickers and lists. */
export const directoryProjection: Projection = {
  name: DIRECTORY,
  version: 2,
  entities: [DirectoryPupil, DirectoryStaffMember],
  readable: [DirectoryPupil, DirectoryStaffMember],
  migrations: [DirectoryTables1764489600000],
  eventTypes: ['PupilRegistered', 'PupilSenStatusChanged', 'StaffMemberRegistered'],
  async apply(db: EntityManager, events: RecordedEvent[]) {
    for (const e of events) {
      if (e.type === 'PupilRegistered') {
        const p = (e as unknown as PupilRegistered).data;
        await insertIfAbsent(db, DirectoryPupil, {
          pupilId: p.pupilId,
          schoolId: p.schoolId,
          firstName: p.firstName,
          lastName: p.lastName,
          yearGroup: p.yearGroup,
          dateOfBirth: p.dateOfBirth,
          upn: p.upn,
          sen: p.sen,
          ehcp: p.ehcp,
        });
      } else if (e.type === 'PupilSenStatusChanged') {
        const { sen, ehcp } = (e as unknown as PupilSenStatusChanged).data;
        await db.update(DirectoryPupil, { pupilId: pupilIdOf(e.streamId) }, { sen, ehcp });
      } else if (e.type === 'StaffMemberRegistered') {
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
    }
  },
};

const pupilIdOf = (streamId: string) => streamId.replace(/^pupil-/, '');
