import { Inject, Injectable } from '@nestjs/common';
import { Accounts } from '#lib/auth';
import { CLOCK, type Clock, type CommandContext, CommandRunner, invalidInput } from '#lib/core';
import { type Actor, londonDate, RuleViolation } from '#lib/kernel';
import { staffDecider, StaffRegistration, staffStream } from '#lib/workforce';
import { readTable } from './csv-table.js';
import { type ImportSummary, type PlannedRow, summarise } from './import-plan.js';
import { ImportLock } from './import-lock.js';
import { type KnownStaff, planStaffImport, STAFF_COLUMNS, STAFF_REQUIRED, type StaffDetails } from './staff-import-plan.js';

/** A new member of staff's account: the one-time password is shown once, to be handed to them. */
export interface CreatedAccount {
  row: number;
  staffId: string;
  email: string;
  temporaryPassword: string;
}

/**
 * Staff from an MIS export, matched by email against the accounts (written at once, so no read
 * model lags behind): new staff are registered with the platform role `staff` only — what else
 * they may do (DSL, deputy) is the school's decision in the platform, never the MIS's — and a
 * known member of staff's name, job role and contracted hours follow the file.
 */
@Injectable()
export class StaffImport {
  constructor(
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
    private readonly registration: StaffRegistration,
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
  }): Promise<ImportSummary & { accounts: CreatedAccount[] }> {
    const { rows, columns } = readTable(input.csv, STAFF_COLUMNS, { required: STAFF_REQUIRED, mapping: input.mapping });
    if (columns.name === undefined && columns.lastName === undefined) {
      throw invalidInput([{ field: 'mapping.name', message: 'no column recognised for the name: map name, or firstName and lastName' }]);
    }
    return this.lock.holding(`staff:${input.schoolId}`, async () => {
      const known = await this.known(rows.map((r) => r.cells.email.trim().toLowerCase()).filter((e) => e !== ''));
      const plan = planStaffImport(rows, known, input.schoolId, londonDate(this.clock.now().toISOString()), columns.jobRole !== undefined);
      const created: CreatedAccount[] = [];
      if (!input.dryRun) {
        const ctx = { ...input.ctx, expectedVersion: undefined };
        // One at a time: each new account hashes its password (argon2id), which is meant to be slow.
        for (const planned of plan.rows.filter((r) => r.action !== 'unchanged')) {
          try {
            const account = await this.apply(planned, input, ctx);
            if (account) created.push(account);
          } catch (err) {
            if (!(err instanceof RuleViolation)) throw err;
            plan.reject.push({ row: planned.row, reason: err.message });
            plan.rows.splice(plan.rows.indexOf(planned), 1);
          }
        }
      }
      return { ...summarise(plan, input.dryRun, (d) => d.name), accounts: created };
    });
  }

  private async known(emails: string[]): Promise<KnownStaff[]> {
    const accounts = await this.accounts.withEmails(emails);
    return Promise.all(
      accounts.map(async (a) => {
        const { state } = await this.runner.load(staffStream(a.staffId), staffDecider);
        // A trust-level account has no staff record of a school; the plan rejects its row.
        return {
          ...a,
          name: state?.name ?? '',
          jobRole: state?.jobRole ?? 'other',
          contractedHoursPerWeek: state?.contractedHoursPerWeek ?? 0,
        };
      }),
    );
  }

  private async apply(
    planned: PlannedRow<StaffDetails>,
    input: { actor: Actor; schoolId: string },
    ctx: CommandContext,
  ): Promise<CreatedAccount | null> {
    if (planned.action === 'unchanged') return null;
    const d = planned.details;
    if (planned.action === 'create') {
      // Each row names its own id (derived from the Idempotency-Key and the email when there is one).
      const rowCtx = { ...ctx, newId: (label: string) => ctx.newId(`${label}:${d.email}`) };
      const { id, temporaryPassword } = await this.registration.register(
        { ...d, roles: ['staff'], hlta: d.jobRole === 'hlta', schoolId: input.schoolId },
        rowCtx,
        input.actor.trustId,
      );
      return { row: planned.row, staffId: id, email: d.email, temporaryPassword: temporaryPassword! };
    }
    await this.runner.run({
      streamId: staffStream(planned.id),
      decider: staffDecider,
      context: ctx,
      schoolId: input.schoolId,
      command: (_, now) => ({
        type: 'UpdateStaffMemberDetails' as const,
        name: d.name,
        jobRole: d.jobRole,
        contractedHoursPerWeek: d.contractedHoursPerWeek,
        now,
      }),
    });
    await this.accounts.rename(planned.id, d.name);
    return null;
  }
}
