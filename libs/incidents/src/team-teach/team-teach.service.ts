import { Inject, Injectable } from '@nestjs/common';
import { Accounts, schoolsInScope } from '#lib/auth';
import { type Actor, londonDate } from '#lib/kernel';
import { type Clock, CLOCK, invalidInput, notFound } from '#lib/core';
import { DIRECTORY, pupilNames } from '#lib/pupils';
import { readerOf, ReadModels, type ReadSource } from '#lib/read-models';
import { alertThresholdsFromEnv } from '#lib/alerts';
import { TEAM_TEACH } from './team-teach.projection.js';
import { teamTeachAudit, type TeamTeachAudit } from './team-teach.queries.js';

export interface TeamTeachParams {
  from?: string;
  to?: string;
  schoolId?: string;
}

/** 1 September of the school year a date falls in. */
export function schoolYearStart(date: string): string {
  const year = Number(date.slice(0, 4));
  return `${Number(date.slice(5, 7)) >= 9 ? year : year - 1}-09-01`;
}

@Injectable()
export class TeamTeachService {
  /** The debrief window of the alert rules (ALERT_DEBRIEF_SCHOOL_DAYS), so the audit and the inbox agree. */
  private readonly followUpSchoolDays = alertThresholdsFromEnv().debriefSchoolDays;

  constructor(
    private readonly accounts: Accounts,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModels,
  ) {}

  /**
   * The audit for the schools in scope (a trust auditor without ?schoolId= gets every school of the
   * trust) from `from` to `to`: by default the school year so far, as of the source's instant.
   */
  async audit(actor: Actor, params: TeamTeachParams, source: ReadSource): Promise<TeamTeachAudit> {
    const to = params.to ?? londonDate((source.asOf ?? this.clock.now()).toISOString());
    const from = params.from ?? schoolYearStart(to);
    if (from > to) throw invalidInput([{ field: 'from', message: 'from must not be after to' }]);
    const schoolIds = await schoolsInScope(actor, params.schoolId, this.accounts);
    if (schoolIds.length === 0) throw notFound('school');
    const reader = readerOf(actor);
    const asOf = (source.asOf ?? this.clock.now()).toISOString();
    const audit = await source.read(TEAM_TEACH, { schoolIds, reader }, (db) =>
      teamTeachAudit(db, { schoolIds, from, to, asOf, followUpSchoolDays: this.followUpSchoolDays }),
    );
    // Names from the live directory, also for a replay: a pupil is named as they are now, not as an id.
    const pupilIds = [...new Set(audit.incidents.map((i) => i.pupilId))];
    const names =
      pupilIds.length === 0
        ? new Map<string, string>()
        : await this.readModels.read(DIRECTORY, { schoolIds, reader }, (db) => pupilNames(db, pupilIds));
    return { ...audit, incidents: audit.incidents.map((i) => ({ ...i, pupilName: names.get(i.pupilId) ?? null })) };
  }
}
