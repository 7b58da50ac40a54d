import { Inject, Injectable } from '@nestjs/common';
import { Accounts, schoolInScope } from '#lib/auth';
import { type Actor, isoWeekMonday, londonDate } from '#lib/kernel';
import { type Clock, CLOCK, invalidInput } from '#lib/core';
import { isoWeekOf } from '../domain/cover/iso-week.js';
import { readerOf, type ReadSource } from '#lib/read-models';
import { coverLedgerScope } from './cover-ledger.access.js';
import { COVER_LEDGER } from './cover-ledger.projection.js';
import { coverLedger, type CoverLedger } from './cover-ledger.queries.js';

export interface CoverLedgerParams {
  week?: string;
  schoolId?: string;
}

@Injectable()
export class CoverLedgerService {
  constructor(
    private readonly accounts: Accounts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The ledger for one week: `params.week`, else the week of the source's instant, else this week (London). */
  async ledger(actor: Actor, params: CoverLedgerParams, source: ReadSource): Promise<CoverLedger> {
    const week = params.week ?? isoWeekOf(londonDate((source.asOf ?? this.clock.now()).toISOString()));
    // 2025-W53 matches the pattern but 2025 has 52 weeks.
    if (isoWeekMonday(week) === null) throw invalidInput([{ field: 'week', message: `${week} is not a week of that year` }]);
    const schoolId = await schoolInScope(actor, params.schoolId, this.accounts);
    const staffId = coverLedgerScope(actor) === 'own' ? actor.staffId : undefined;
    return source.read(COVER_LEDGER, { schoolIds: [schoolId], trustId: actor.trustId, reader: readerOf(actor) }, (db) =>
      coverLedger(db, { schoolId, week, staffId }),
    );
  }
}
