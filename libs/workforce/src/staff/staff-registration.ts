import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Accounts } from '#lib/auth';
import { type CommandContext, CommandRunner } from '#lib/core';
import { RuleViolation } from '#lib/kernel';
import { staffDecider, staffStream } from '../domain/staff/decider.js';
import type { JobRole, StaffRole } from '../domain/staff/vocabulary.js';

export interface StaffRegistrationInput {
  name: string;
  email: string;
  jobRole: JobRole;
  roles: StaffRole[];
  contractedHoursPerWeek: number;
  startDate: string;
  hlta: boolean;
  schoolId: string;
  /** Given by the demo seed; otherwise a one-time password is generated and returned once. */
  password?: string;
}

/**
 * A staff member is a fact about the school (an event) and a sign-in (a credential kept outside the
 * event store). The credential is written first: if the append then fails it is removed again, and
 * a credential without a staff member can never sign in to anything of use.
 */
@Injectable()
export class StaffRegistration {
  constructor(
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
  ) {}

  async register(input: StaffRegistrationInput, ctx: CommandContext, trustId: string): Promise<{ id: string; temporaryPassword?: string }> {
    const staffId = ctx.newId('staff');
    if (await this.accounts.emailTaken(input.email)) {
      // A repeat with the same idempotency key is answered by the interceptor before it gets here.
      throw new RuleViolation('staff.email_taken', 'An account with this email already exists');
    }
    const temporaryPassword = input.password ? undefined : randomBytes(12).toString('base64url');
    await this.accounts.create({
      staffId,
      email: input.email,
      password: input.password ?? temporaryPassword!,
      name: input.name,
      roles: input.roles,
      schoolId: input.schoolId,
      trustId,
    });
    try {
      await this.runner.run({
        streamId: staffStream(staffId),
        decider: staffDecider,
        context: ctx,
        schoolId: input.schoolId,
        command: (_, now) => ({ type: 'RegisterStaffMember' as const, staffId, ...stripPassword(input), now }),
      });
    } catch (err) {
      await this.accounts.remove(staffId);
      throw err;
    }
    return temporaryPassword ? { id: staffId, temporaryPassword } : { id: staffId };
  }
}

function stripPassword(input: StaffRegistrationInput): Omit<StaffRegistrationInput, 'password'> {
  const { password: _password, ...rest } = input;
  return rest;
}
