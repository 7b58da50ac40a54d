import { defineProjection } from '#lib/read-models';
import type { PupilEvent } from '../domain/events.js';
import { DirectoryPupil } from './directory.entities.js';
import { PupilDirectoryTables1796139577817 } from './migrations/1796139577817-pupil-directory-tables.js';

export const DIRECTORY = 'directory';

const pupilIdOf = (streamId: string) => streamId.replace(/^pupil-/, '');

/** The pupils of each school (with their SEN status now), for pickers and lists. */
export const directoryProjection = defineProjection<PupilEvent>()({
  name: DIRECTORY,
  version: 4,
  entities: [DirectoryPupil],
  readable: [DirectoryPupil],
  migrations: [PupilDirectoryTables1796139577817],
  handlers: {
    PupilRegistered: (e, rows) => {
      const p = e.data;
      rows.of(DirectoryPupil).insert({
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
    },
    PupilSenStatusChanged: {
      needs: (e, need) => need.key(DirectoryPupil, { pupilId: pupilIdOf(e.streamId) }),
      fold: (e, rows) => void rows.of(DirectoryPupil).update({ pupilId: pupilIdOf(e.streamId) }, { sen: e.data.sen, ehcp: e.data.ehcp }),
    },
    PupilDetailsChanged: {
      needs: (e, need) => need.key(DirectoryPupil, { pupilId: pupilIdOf(e.streamId) }),
      fold: (e, rows) => {
        const { firstName, lastName, dateOfBirth, yearGroup } = e.data;
        rows.of(DirectoryPupil).update({ pupilId: pupilIdOf(e.streamId) }, { firstName, lastName, dateOfBirth, yearGroup });
      },
    },
  },
});
