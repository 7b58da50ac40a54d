import { Inject, Injectable } from '@nestjs/common';
import { Accounts } from '../../../auth/src/accounts.js';
import type { Actor } from '../../../auth/src/actor.js';
import { schoolInScope } from '../../../auth/src/school-scope.js';
import { CLOCK, type Clock } from '../../../core/src/clock.js';
import { invalidInput } from '../../../core/src/problem-details.js';
import { isoWeekOf } from '../../../domain/src/cover/iso-week.js';
import { isoWeekMonday, londonDate } from '../shared/dates.js';
import type { ReadSource } from '../shared/read-source.js';
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
    return source.read(COVER_LEDGER, { schoolIds: [schoolId], trustId: actor.trustId }, (db) =>
      coverLedger(db, { schoolId, week, staffId }),
    );
  }
}
