import type pg from 'pg';
import type { PupilRegistered, PupilSenStatusChanged } from '../../../domain/src/pupil/events.js';
import type { StaffMemberRegistered } from '../../../domain/src/staff/events.js';
import type { RecordedEvent } from '../../../event-store/src/event-store.js';
import type { Projection } from '../../../read-models/src/projection.js';

export const DIRECTORY = 'directory';

/** Who is in each school: pupils (with their SEN status now) and staff, for pickers and lists. */
export const directoryProjection: Projection = {
  name: DIRECTORY,
  version: 1,
  tables: `
    CREATE TABLE pupils (
      pupil_id text PRIMARY KEY,
      school_id text NOT NULL,
      first_name text NOT NULL,
      last_name text NOT NULL,
      year_group text NOT NULL,
      date_of_birth text NOT NULL,
      upn text,
      sen boolean NOT NULL,
      ehcp boolean NOT NULL
    );
    CREATE INDEX pupils_school ON pupils (school_id);
    CREATE TABLE staff (
      staff_id text PRIMARY KEY,
      school_id text NOT NULL,
      name text NOT NULL,
      job_role text NOT NULL,
      roles text[] NOT NULL,
      contracted_hours_per_week numeric NOT NULL,
      hlta boolean NOT NULL,
      start_date text NOT NULL
    );
    CREATE INDEX staff_school ON staff (school_id);
  `,
  eventTypes: ['PupilRegistered', 'PupilSenStatusChanged', 'StaffMemberRegistered'],
  async apply(db: pg.PoolClient, events: RecordedEvent[]) {
    for (const e of events) {
      if (e.type === 'PupilRegistered') {
        const p = (e as unknown as PupilRegistered).data;
        await db.query(
          `INSERT INTO pupils (pupil_id, school_id, first_name, last_name, year_group, date_of_birth, upn, sen, ehcp)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (pupil_id) DO NOTHING`,
          [p.pupilId, p.schoolId, p.firstName, p.lastName, p.yearGroup, p.dateOfBirth, p.upn, p.sen, p.ehcp],
        );
      } else if (e.type === 'PupilSenStatusChanged') {
        const { sen, ehcp } = (e as unknown as PupilSenStatusChanged).data;
        await db.query('UPDATE pupils SET sen = $2, ehcp = $3 WHERE pupil_id = $1', [pupilIdOf(e.streamId), sen, ehcp]);
      } else if (e.type === 'StaffMemberRegistered') {
        const s = (e as unknown as StaffMemberRegistered).data;
        await db.query(
          `INSERT INTO staff (staff_id, school_id, name, job_role, roles, contracted_hours_per_week, hlta, start_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (staff_id) DO NOTHING`,
          [s.staffId, s.schoolId, s.name, s.jobRole, s.roles, s.contractedHoursPerWeek, s.hlta, s.startDate],
        );
      }
    }
  },
};

const pupilIdOf = (streamId: string) => streamId.replace(/^pupil-/, '');
