import { isoWeekOf } from '../../../domain/src/cover/iso-week.js';
import type { ReadSource } from '../shared/read-source.js';
import { londonDate } from '../shared/dates.js';
import { CHRONOLOGY } from '../chronology/chronology.projection.js';
import { pupilChronology } from '../chronology/chronology.queries.js';
import { COVER_LEDGER } from '../cover-ledger/cover-ledger.projection.js';
import { coverLedger } from '../cover-ledger/cover-ledger.queries.js';
import { DIRECTORY } from '../directory/directory.projection.js';
import { listStaff, searchPupils } from '../directory/directory.queries.js';
import { TEAM_TEACH } from '../team-teach/team-teach.projection.js';
import { teamTeachAudit } from '../team-teach/team-teach.queries.js';
import { TRAINING_MATRIX } from '../training-matrix/training-matrix.projection.js';
import { trainingMatrix } from '../training-matrix/training-matrix.queries.js';

/** What every query of this library answers for both schools at one instant (through a live or replay source). */
export async function snapshot(source: ReadSource, at: Date, schools: string[], trustId: string): Promise<unknown> {
  const today = londonDate(at.toISOString());
  const out: Record<string, unknown> = {};
  const scope = { schoolIds: schools, trustId };
  out.teamTeach = await source.read(TEAM_TEACH, scope, (db) =>
    teamTeachAudit(db, { schoolIds: schools, from: '2025-01-01', to: '2027-12-31' }),
  );
  for (const schoolId of schools) {
    out[`matrix-${schoolId}`] = await source.read(TRAINING_MATRIX, scope, (db) => trainingMatrix(db, { schoolId, trustId, asOf: today }));
    out[`cover-${schoolId}`] = await source.read(COVER_LEDGER, scope, (db) => coverLedger(db, { schoolId, week: isoWeekOf(today) }));
    const directory = await source.read(DIRECTORY, scope, async (db) => ({
      pupils: await searchPupils(db, schoolId, ''),
      staff: await listStaff(db, schoolId),
    }));
    out[`directory-${schoolId}`] = directory;
    out[`chronology-${schoolId}`] = await source.read(CHRONOLOGY, scope, async (db) => {
      const lines: unknown[] = [];
      for (const pupil of directory.pupils) lines.push(await pupilChronology(db, pupil.id, { includeAboutAdult: true }));
      return lines;
    });
  }
  return out;
}
