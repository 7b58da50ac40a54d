import { Injectable } from '@nestjs/common';
import { Accounts, isSchoolInReach, schoolsInScope } from '#lib/auth';
import type { Actor } from '#lib/kernel';
import { type CommandContext, notFound, ViewLog } from '#lib/core';
import { readerOf, ReceivedFiles, type ReadSource } from '#lib/read-models';
import { CHRONOLOGY } from './chronology.projection.js';
import { pupilChronology, pupilSchool, type ChronologyEntry } from './chronology.queries.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ChronologyService {
  constructor(
    private readonly accounts: Accounts,
    private readonly views: ViewLog,
    private readonly receivedFiles: ReceivedFiles,
  ) {}

  /**
   * A pupil's chronology; a pupil of a school out of reach is "not found". The read itself sees only
   * the schools within the actor's reach (their own; every school of the trust for trust readers),
   * and the pupil's school is checked again here: two guards, either enough. A pupil whose child
   * protection file the actor's school has received from another school is within reach too (the
   * lines a case manager keeps stay behind). The read is recorded.
   */
  async chronology(actor: Actor, pupilId: string, ctx: CommandContext, source: ReadSource): Promise<ChronologyEntry[]> {
    if (!UUID.test(pupilId)) throw notFound('pupil');
    const schoolIds = await schoolsInScope(actor, undefined, this.accounts);
    const receivedPupilIds = await this.receivedFiles.pupilsOf(actor);
    const scope = { schoolIds, trustId: actor.trustId, reader: readerOf(actor), receivedPupilIds };
    const found = await source.read(CHRONOLOGY, scope, async (db) => {
      const schoolId = await pupilSchool(db, pupilId);
      return schoolId === null ? null : { schoolId, entries: await pupilChronology(db, pupilId) };
    });
    const inReach = receivedPupilIds.includes(pupilId) || (found !== null && (await isSchoolInReach(actor, found.schoolId, this.accounts)));
    if (found === null || !inReach) throw notFound('pupil');
    await this.views.record(actor, 'chronology', pupilId, found.schoolId, ctx.correlationId);
    return found.entries;
  }
}
