import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type CommandContext, CommandRunner } from '#lib/core';
import { type Actor, londonDate, RuleViolation } from '#lib/kernel';
import { DIRECTORY, pupilDecider, pupilRecordsOfSchool, pupilStream } from '#lib/pupils';
import { readerOf, ReadModels } from '#lib/read-models';
import { readTable } from './csv-table.js';
import { type ImportSummary, type PlannedRow, summarise } from './import-plan.js';
import { ImportLock, inParallel } from './import-lock.js';
import { type KnownPupil, planPupilImport, PUPIL_COLUMNS, PUPIL_REQUIRED, type PupilDetails } from './pupil-import-plan.js';

/** Appends in flight at once: enough to overlap round trips, few enough to leave the pool to others. */
const WIDTH = 4;

/**
 * Pupils from an MIS export: a dry run plans every row; an import then registers the new UPNs and
 * records what changed for the known ones, each through the pupil decider with the stream's
 * expected version. Matching is by UPN against the directory, read only once it holds every
 * earlier write, under a lock per school, so a second import of the same file finds every pupil
 * the first created and changes nothing.
 */
@Injectable()
export class PupilImport {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    private readonly lock: ImportLock,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(input: {
    actor: Actor;
    schoolId: string;
    csv: string;
    mapping?: Record<string, string>;
    dryRun: boolean;
    ctx: CommandContext;
  }): Promise<ImportSummary> {
    const { rows } = readTable(input.csv, PUPIL_COLUMNS, { required: PUPIL_REQUIRED, mapping: input.mapping });
    return this.lock.holding(`pupils:${input.schoolId}`, async () => {
      await this.readModels.caughtUp(DIRECTORY);
      const known = await this.readModels.read(DIRECTORY, { schoolIds: [input.schoolId], reader: readerOf(input.actor) }, (db) =>
        pupilRecordsOfSchool(db, input.schoolId),
      );
      const plan = planPupilImport(
        rows,
        known.flatMap((p): KnownPupil[] => (p.upn === null ? [] : [{ ...p, upn: p.upn }])),
        londonDate(this.clock.now().toISOString()),
      );
      if (!input.dryRun) {
        // Each row is its own stream: an If-Match sent with the file names no version of any of them.
        const ctx = { ...input.ctx, expectedVersion: undefined };
        const work = plan.rows.filter((r) => r.action !== 'unchanged');
        await inParallel(work, WIDTH, async (planned) => {
          try {
            await this.apply(planned, input.schoolId, ctx);
          } catch (err) {
            // The decider has the last word on a row (a rule the plan does not know): it is rejected, the rest go on.
            if (!(err instanceof RuleViolation)) throw err;
            plan.reject.push({ row: planned.row, reason: err.message });
            plan.rows.splice(plan.rows.indexOf(planned), 1);
          }
        });
      }
      return summarise(plan, input.dryRun, (d) => `${d.firstName} ${d.lastName}`);
    });
  }

  private async apply(planned: PlannedRow<PupilDetails>, schoolId: string, ctx: CommandContext): Promise<void> {
    if (planned.action === 'unchanged') return;
    const { upn, ...details } = planned.details;
    if (planned.action === 'create') {
      // With an Idempotency-Key the id follows from it and the UPN, so a repeated request names the same pupil.
      const pupilId = ctx.newId(`pupil-import:${upn}`);
      await this.runner.run({
        streamId: pupilStream(pupilId),
        decider: pupilDecider,
        context: ctx,
        schoolId,
        command: (_, now) => ({ type: 'RegisterPupil' as const, pupilId, upn, ...details, schoolId, now }),
      });
      return;
    }
    await this.runner.run({
      streamId: pupilStream(planned.id),
      decider: pupilDecider,
      context: ctx,
      schoolId,
      command: (_, now) => ({ type: 'UpdatePupilDetails' as const, ...details, now }),
    });
  }
}
