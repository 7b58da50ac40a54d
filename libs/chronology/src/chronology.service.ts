import { Inject, Injectable } from '@nestjs/common';
import { Accounts, isSchoolInReach, schoolsInScope } from '#lib/auth';
import { type Actor, STAFF_ROLE_LABELS } from '#lib/kernel';
import { CLOCK, type Clock, type CommandContext, CommandRunner, notFound, ViewLog } from '#lib/core';
import { londonDateTime, renderPdf, readerLabel } from '#lib/printing';
import { fullName, pupilDecider, pupilStream } from '#lib/pupils';
import { readerOf, ReadModels, ReceivedFiles, type ReadSource } from '#lib/read-models';
import { CHRONOLOGY_KIND_LABELS, type ChronologyKind } from './chronology-entry.js';
import { CHRONOLOGY } from './chronology.projection.js';
import { pupilChronology, pupilSchool, type ChronologyEntry } from './chronology.queries.js';

/** How long a live read waits for the chronology to hold everything stored before the request. */
const READ_YOUR_WRITES_MS = 30_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ChronologyService {
  constructor(
    private readonly accounts: Accounts,
    private readonly views: ViewLog,
    private readonly receivedFiles: ReceivedFiles,
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A pupil's chronology; a pupil of a school out of reach is "not found". The read itself sees only
   * the schools within the actor's reach (their own; every school of the trust for trust readers),
   * and the pupil's school is checked again here: two guards, either enough. A pupil whose child
   * protection file the actor's school has received from another school is within reach too (the
   * lines a case manager keeps stay behind). The read is recorded.
   */
  async chronology(actor: Actor, pupilId: string, ctx: CommandContext, source: ReadSource): Promise<ChronologyEntry[]> {
    const found = await this.find(actor, pupilId, source);
    await this.views.record(actor, 'chronology', pupilId, found.schoolId, ctx.correlationId);
    return found.entries;
  }

  /**
   * The same chronology, with the same access, as a PDF to print: every line in order with its date
   * and summary; the school, the reader and the time on every page. Recorded as a view, printed.
   */
  async printed(actor: Actor, pupilId: string, ctx: CommandContext, source: ReadSource): Promise<Buffer> {
    const found = await this.find(actor, pupilId, source);
    const { state: pupil } = await this.runner.load(pupilStream(pupilId), pupilDecider);
    const school = (await this.accounts.schoolsOfTrust(actor.trustId)).find((s) => s.id === found.schoolId);
    await this.views.record(actor, 'chronology', pupilId, found.schoolId, ctx.correlationId, { format: 'pdf' });
    return renderPdf({
      title: `Chronology: ${pupil ? fullName(pupil) : 'pupil'}${pupil ? ` (born ${pupil.dateOfBirth}, year ${pupil.yearGroup})` : ''}`,
      school: school?.name ?? found.schoolId,
      reader: readerLabel(actor, STAFF_ROLE_LABELS),
      printedAt: this.clock.now().toISOString(),
      sections: [
        {
          heading: 'Entries by when they happened',
          entries: found.entries.map((e) => ({
            when: londonDateTime(e.occurredAt),
            heading: CHRONOLOGY_KIND_LABELS[e.kind as ChronologyKind] ?? e.kind,
            lines: [e.summary, ...(e.late ? [`Recorded later: ${londonDateTime(e.recordedAt)}`] : [])],
          })),
        },
      ],
    });
  }

  private async find(actor: Actor, pupilId: string, source: ReadSource): Promise<{ schoolId: string; entries: ChronologyEntry[] }> {
    if (!UUID.test(pupilId)) throw notFound('pupil');
    const schoolIds = await schoolsInScope(actor, undefined, this.accounts);
    const receivedPupilIds = await this.receivedFiles.pupilsOf(actor);
    const scope = { schoolIds, trustId: actor.trustId, reader: readerOf(actor), receivedPupilIds };
    // Read-your-writes: a DSL who has just added an entry or recorded a referral sees it on the page that reloads.
    if (source.asOf === null) await this.readModels.caughtUp(CHRONOLOGY, READ_YOUR_WRITES_MS);
    const found = await source.read(CHRONOLOGY, scope, async (db) => {
      const schoolId = await pupilSchool(db, pupilId);
      return schoolId === null ? null : { schoolId, entries: await pupilChronology(db, pupilId) };
    });
    const inReach = receivedPupilIds.includes(pupilId) || (found !== null && (await isSchoolInReach(actor, found.schoolId, this.accounts)));
    if (found === null || !inReach) throw notFound('pupil');
    return found;
  }
}
