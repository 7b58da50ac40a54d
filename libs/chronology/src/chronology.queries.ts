import type { EntityManager } from 'typeorm';
import { toIso } from '#lib/kernel';
import { ChronologyEntryRow, ChronologyPupil } from './chronology.entities.js';

export interface ChronologyEntry {
  occurredAt: string;
  recordedAt: string;
  late: boolean;
  kind: string;
  summary: string;
  ref: { concernId?: string; incidentId?: string; entryId?: string };
}

/** The school a pupil belongs to, or null when the chronology knows no such pupil in the reader's scope. */
export async function pupilSchool(db: EntityManager, pupilId: string): Promise<string | null> {
  const pupil = await db.findOneBy(ChronologyPupil, { pupilId });
  return pupil?.schoolId ?? null;
}

/**
 * A pupil's chronology by when things happened (then by when they were stored). Lines of concerns
 * about adults are there only for their case manager: row-level security decides, by the reader.
 */
export async function pupilChronology(db: EntityManager, pupilId: string): Promise<ChronologyEntry[]> {
  const lines = await db.find(ChronologyEntryRow, { where: { pupilId }, order: { occurredAt: 'ASC', position: 'ASC' } });
  return lines.map((l) => ({
    occurredAt: toIso(l.occurredAt),
    recordedAt: toIso(l.recordedAt),
    late: l.late,
    kind: l.kind,
    summary: l.summary,
    ref: l.concernId ? { concernId: l.concernId } : l.entryId ? { entryId: l.entryId } : { incidentId: l.incidentId! },
  }));
}
