import { Inject, Injectable } from '@nestjs/common';
import { Accounts, Sessions } from '#lib/auth';
import { type Clock, CLOCK, type CommandContext, CommandRunner, forbidden, notFound } from '#lib/core';
import { type Actor, hasRole, TRUST_LEVEL_ROLES } from '#lib/kernel';
import { staffDecider, staffStream } from '../domain/staff/decider.js';
import type { StaffRole } from '../domain/staff/vocabulary.js';
import { canSeeStaff, trustSchoolsOf } from './staff-access.js';
import { StaffRecords } from './staff-records.js';

/**
 * Deactivation and role changes: a fact about the school (a workforce event), then the account
 * follows it (the next sign-in's roles, or no sign-in at all) and every session of the account ends
 * at once, in this process and, by NOTIFY, in every other. A repeat after a failure between the two
 * records nothing new and still ends the sessions.
 */
@Injectable()
export class StaffAccountChanges {
  constructor(
    private readonly runner: CommandRunner,
    private readonly records: StaffRecords,
    private readonly accounts: Accounts,
    private readonly sessions: Sessions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async deactivate(actor: Actor, staffId: string, reason: string, ctx: CommandContext): Promise<{ id: string; version: number }> {
    const schoolId = await this.managed(actor, staffId, 'deactivate');
    const { version } = await this.runner.run({
      streamId: staffStream(staffId),
      decider: staffDecider,
      context: ctx,
      schoolId,
      command: (_, now) => ({ type: 'DeactivateStaffMember' as const, reason, now }),
    });
    await this.accounts.deactivate(staffId, this.clock.now());
    await this.sessions.endAllOf(staffId, 'deactivated');
    return { id: staffId, version };
  }

  async changeRoles(
    actor: Actor,
    staffId: string,
    roles: StaffRole[],
    ctx: CommandContext,
  ): Promise<{ id: string; roles: StaffRole[]; version: number }> {
    if (!hasRole(actor, 'trust_admin') && roles.some((r) => TRUST_LEVEL_ROLES.includes(r))) {
      throw forbidden('Only a trust admin can give trust-wide roles');
    }
    const schoolId = await this.managed(actor, staffId, 'change the roles of');
    const { version, state } = await this.runner.run({
      streamId: staffStream(staffId),
      decider: staffDecider,
      context: ctx,
      schoolId,
      command: (_, now) => ({ type: 'ChangeStaffRoles' as const, roles, now }),
    });
    const current = state!.roles;
    await this.accounts.setRoles(staffId, current);
    await this.sessions.endAllOf(staffId, 'roles_changed');
    return { id: staffId, roles: current, version };
  }

  /**
   * The school of a member of staff the actor manages: a headteacher their own school's staff, a
   * trust admin any school of the trust; never oneself (a head who could change their own roles or
   * switch their own sign-in off needs another's eyes). Others who cannot see them: not found.
   */
  private async managed(actor: Actor, staffId: string, what: string): Promise<string> {
    const record = await this.records.load(staffId);
    if (record === null || !canSeeStaff(actor, record.staff, await trustSchoolsOf(actor, this.accounts))) throw notFound('member of staff');
    if (actor.staffId === staffId) throw forbidden(`You cannot ${what} yourself: ask your trust admin or another headteacher`);
    return record.staff.schoolId;
  }
}
