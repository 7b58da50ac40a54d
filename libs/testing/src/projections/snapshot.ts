import { COVER_LEDGER, coverLedger, isoWeekOf, listStaff, STAFF_DIRECTORY, TRAINING_MATRIX, trainingMatrix } from '#lib/workforce';
import type { ReadSource } from '#lib/read-models';
import { londonDate } from '#lib/kernel';
import { CHRONOLOGY, pupilChronology } from '#lib/chronology';
import { DIRECTORY, searchPupils } from '#lib/pupils';
import { TEAM_TEACH, teamTeachAudit } from '#lib/incidents';

/** What every query of this library answers for both schools at one instant (through a live or replay source). */
export async function snapshot(source: ReadSource, at: Date, schools: string[], trustId: string): Promise<unknown> {
  const today = londonDate(at.toISOString());
  const out: Record<string, unknown> = {};
  // Read as a trust auditor would: everything of the trust, including what case managers keep.
  const scope = {
    schoolIds: schools,
    trustId,
    reader: { staffId: 'snapshot', caseManagerRoles: ['headteacher', 'trust_safeguarding_lead'] },
  };
  out.teamTeach = await source.read(TEAM_TEACH, scope, (db) =>
    teamTeachAudit(db, { schoolIds: schools, from: '2025-01-01', to: '2027-12-31', asOf: at.toISOString() }),
  );
  for (const schoolId of schools) {
    out[`matrix-${schoolId}`] = await source.read(TRAINING_MATRIX, scope, (db) => trainingMatrix(db, { schoolId, trustId, asOf: today }));
    out[`cover-${schoolId}`] = await source.read(COVER_LEDGER, scope, (db) => coverLedger(db, { schoolId, week: isoWeekOf(today) }));
    const directory = {
      pupils: await source.read(DIRECTORY, scope, (db) => searchPupils(db, schoolId, '')),
      staff: await source.read(STAFF_DIRECTORY, scope, (db) => listStaff(db, schoolId, { includeLeavers: true })),
    };
    out[`directory-${schoolId}`] = directory;
    out[`chronology-${schoolId}`] = await source.read(CHRONOLOGY, scope, async (db) => {
      const lines: unknown[] = [];
      for (const pupil of directory.pupils) lines.push(await pupilChronology(db, pupil.id));
      return lines;
    });
  }
  return out;
}
