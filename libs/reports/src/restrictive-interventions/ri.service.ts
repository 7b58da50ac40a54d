import { Inject, Injectable } from '@nestjs/common';
import { Accounts, schoolsInScope } from '#lib/auth';
import { type Clock, CLOCK, invalidInput, notFound } from '#lib/core';
import { type Actor, londonDate } from '#lib/kernel';
import { DIRECTORY, pupilNames } from '#lib/pupils';
import { readerOf, ReadModels } from '#lib/read-models';
import { listStaff, STAFF_DIRECTORY } from '#lib/workforce';
import { governorsReportPdf } from './ri.pdf.js';
import { RESTRICTIVE_INTERVENTIONS } from './ri.projection.js';
import { reportIncidents } from './ri.queries.js';
import { restrictiveInterventionsReport } from './ri.report.js';
import type { RestrictiveInterventionsReport } from './ri.types.js';

export interface ReportParams {
  from?: string;
  to?: string;
  schoolId?: string;
}

/** 1 September of the school year a date falls in. */
const schoolYearStart = (date: string) => {
  const year = Number(date.slice(0, 4));
  return `${Number(date.slice(5, 7)) >= 9 ? year : year - 1}-09-01`;
};

@Injectable()
export class RestrictiveInterventionsService {
  constructor(
    private readonly accounts: Accounts,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModels,
  ) {}

  /** The report for the schools in scope (a trust auditor without ?schoolId=: the trust), the school year so far by default. */
  async report(actor: Actor, params: ReportParams): Promise<RestrictiveInterventionsReport> {
    const to = params.to ?? londonDate(this.clock.now().toISOString());
    const from = params.from ?? schoolYearStart(to);
    if (from > to) throw invalidInput([{ field: 'from', message: 'from must not be after to' }]);
    const schoolIds = await schoolsInScope(actor, params.schoolId, this.accounts);
    if (schoolIds.length === 0) throw notFound('school');
    const scope = { schoolIds, reader: readerOf(actor) };
    const incidents = await this.readModels.read(RESTRICTIVE_INTERVENTIONS, scope, (db) => reportIncidents(db, { schoolIds, from, to }));
    const report = restrictiveInterventionsReport(incidents, { from, to, schoolIds });
    // Named for leaders and auditors as they are now in the directories; the governors' PDF names nobody.
    const pupilIds = report.repeatPupils.map((p) => p.pupilId);
    const pupils =
      pupilIds.length === 0 ? new Map<string, string>() : await this.readModels.read(DIRECTORY, scope, (db) => pupilNames(db, pupilIds));
    const staff = new Map<string, string>();
    if (report.byStaff.length > 0) {
      await this.readModels.read(STAFF_DIRECTORY, scope, async (db) => {
        for (const schoolId of schoolIds) for (const s of await listStaff(db, schoolId, { includeLeavers: true })) staff.set(s.id, s.name);
      });
    }
    return {
      ...report,
      byStaff: report.byStaff.map((s) => ({ ...s, name: staff.get(s.staffId) ?? null })),
      repeatPupils: report.repeatPupils.map((p) => ({ ...p, name: pupils.get(p.pupilId) ?? null })),
    };
  }

  async governorsPdf(actor: Actor, params: ReportParams): Promise<Buffer> {
    const report = await this.report(actor, params);
    const schools = (await this.accounts.schoolsOfTrust(actor.trustId)).filter((s) => report.schoolIds.includes(s.id));
    return governorsReportPdf(report, { schoolNames: schools.map((s) => s.name), generatedOn: londonDate(this.clock.now().toISOString()) });
  }
}
