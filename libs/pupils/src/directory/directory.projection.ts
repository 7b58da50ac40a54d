import type { EntityManager } from 'typeorm';
import type { PupilRegistered, PupilSenStatusChanged } from '../domain/events.js';
import type { RecordedEvent } from '#lib/event-store';
import { insertIfAbsent, type Projection } from '#lib/read-models';
import { DirectoryPupil } from './directory.entities.js';
import { PupilDirectoryTables1764489600000 } from './directory.migrations.js';

export const DIRECTORY = 'directory';

/** The pupils of each school (with their SEN status now), for pickers and lists. */
export const directoryProjection: Projection = {
  name: DIRECTORY,
  version: 3,
  entities: [DirectoryPupil],
  readable: [DirectoryPupil],
  migrations: [PupilDirectoryTables1764489600000],
  eventTypes: ['PupilRegistered', 'PupilSenStatusChanged'],
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
      }
    }
  },
};

const pupilIdOf = (streamId: string) => streamId.replace(/^pupil-/, '');
