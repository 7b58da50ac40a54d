import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../../../core/src/database.module.js';
import { pupilDecider, type Pupil, type PupilState } from '../../../domain/src/pupil/decider.js';
import type { PupilEvent } from '../../../domain/src/pupil/events.js';

export interface PupilListing {
  id: string;
  firstName: string;
  lastName: string;
  fullName: string;
  yearGroup: string;
  sen: boolean;
  ehcp: boolean;
}

export const fullName = (pupil: Pick<Pupil, 'firstName' | 'lastName'>): string => `${pupil.firstName} ${pupil.lastName}`;

const byLastName = new Intl.Collator('en-GB', { sensitivity: 'base' });

/**
 * The pupils of a school, for pickers. Until the read-model runtime exists it folds the pupil
 * events straight from the `events` table; this class is the one place to swap for a projection.
 */
@Injectable()
export class PupilDirectory {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** Pupils whose full name contains `text` (any case), sorted by last name, then first name. */
  async search(schoolId: string, text = ''): Promise<PupilListing[]> {
    const { rows } = await this.pool.query<{ stream_id: string; type: PupilEvent['type']; schema_version: number; data: never }>(
      `SELECT stream_id, type, schema_version, data FROM events
        WHERE stream_id IN (SELECT stream_id FROM events WHERE type = 'PupilRegistered' AND metadata->>'schoolId' = $1)
          AND type IN ('PupilRegistered', 'PupilSenStatusChanged')
        ORDER BY stream_id, stream_version`,
      [schoolId],
    );
    const pupils = new Map<string, PupilState>();
    for (const row of rows) {
      const event = { type: row.type, schemaVersion: row.schema_version, data: row.data } as PupilEvent;
      pupils.set(row.stream_id, pupilDecider.evolve(pupils.get(row.stream_id) ?? pupilDecider.initialState, event));
    }
    const needle = text.trim().toLowerCase();
    return [...pupils.values()]
      .filter((p): p is Pupil => p !== null && fullName(p).toLowerCase().includes(needle))
      .sort((a, b) => byLastName.compare(a.lastName, b.lastName) || byLastName.compare(a.firstName, b.firstName))
      .map((p) => ({
        id: p.pupilId,
        firstName: p.firstName,
        lastName: p.lastName,
        fullName: fullName(p),
        yearGroup: p.yearGroup,
        sen: p.sen,
        ehcp: p.ehcp,
      }));
  }
}
