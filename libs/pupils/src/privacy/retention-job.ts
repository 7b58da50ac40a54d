import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TZDate } from '@date-fns/tz';
import { addYears, format } from 'date-fns';
import type { Role } from '#lib/kernel';
import { type Clock, CLOCK, commandContext, CommandRunner, PLATFORM_CONFIG, type PlatformConfig } from '#lib/core';
import { pupilDecider, pupilStream } from '../domain/decider.js';
import { DirectoryPupil } from '../directory/directory.entities.js';
import { DIRECTORY } from '../directory/directory.projection.js';
import { ReadModels } from '#lib/read-models';
import { erasureStream, privacyDecider } from '#lib/privacy';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The first run waits a while after start-up, so a process that restarts often still runs it. */
const FIRST_RUN_MS = 10 * 60 * 1000;
/** Who the retention job acts as in event metadata. */
export const RETENTION_JOB_ACTOR = '00000000-0000-4000-8000-00000000e7e1';

export interface EligiblePupil {
  subjectId: string;
  schoolId: string;
  eligibleOn: string;
}

/** The day a record becomes eligible: date of birth + `years` (29 February falls to 28 February). */
export function eligibleOn(dateOfBirth: string, years: number): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) return null;
  return format(addYears(new Date(`${dateOfBirth}T12:00:00Z`), years), 'yyyy-MM-dd');
}

/**
 * Marks the pupils whose child-protection records have reached the end of retention (date of birth +
 * RETENTION_YEARS) and are not on legal hold, by appending RetentionEligible. It never erases: a
 * person (headteacher or trust admin) reviews the list and confirms each erasure. Runs daily.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RetentionJob');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly readModels: ReadModels,
    private readonly runner: CommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    const runLogged = () =>
      void this.run().catch((err: Error) => this.logger.error({ err: { message: err.message } }, 'retention run failed'));
    this.timer = setTimeout(() => {
      runLogged();
      this.timer = setInterval(runLogged, DAY_MS);
      this.timer.unref();
    }, FIRST_RUN_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** Marks what became eligible today (or earlier and was not marked yet); returns those marked now. */
  async run(): Promise<EligiblePupil[]> {
    const today = format(new TZDate(this.clock.now(), 'Europe/London'), 'yyyy-MM-dd');
    const years = this.config.RETENTION_YEARS;
    const pupils = await this.readModels.readForPlatformJob(DIRECTORY, (db) =>
      db.find(DirectoryPupil, { select: { pupilId: true, schoolId: true, dateOfBirth: true } }),
    );
    const marked: EligiblePupil[] = [];
    for (const p of pupils) {
      const due = eligibleOn(p.dateOfBirth, years);
      if (due === null || due > today) continue;
      // The trust the pupil was registered under, so trust-wide audit sees the mark.
      const { events: registration } = await this.runner.load(pupilStream(p.pupilId), pupilDecider);
      const trustId = registration[0]?.metadata.trustId ?? '';
      const actor = { staffId: RETENTION_JOB_ACTOR, name: 'retention job', roles: [] as Role[], schoolId: p.schoolId, trustId };
      const { events } = await this.runner.run({
        streamId: erasureStream(p.pupilId),
        decider: privacyDecider,
        context: commandContext(actor, {}),
        schoolId: p.schoolId,
        command: (_, now) => ({
          type: 'MarkRetentionEligible' as const,
          subjectId: p.pupilId,
          subjectType: 'pupil' as const,
          eligibleOn: due,
          retentionYears: years,
          now,
        }),
      });
      if (events.length > 0) marked.push({ subjectId: p.pupilId, schoolId: p.schoolId, eligibleOn: due });
    }
    if (marked.length > 0) this.logger.log({ count: marked.length }, 'records eligible for erasure marked');
    return marked;
  }
}
