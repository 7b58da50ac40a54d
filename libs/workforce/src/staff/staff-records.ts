import { Injectable } from '@nestjs/common';
import type { Actor } from '#lib/kernel';
import { Accounts } from '#lib/auth';
import { CommandRunner, notFound } from '#lib/core';
import { type StaffMember, staffDecider, staffStream } from '../domain/staff/decider.js';
import { canSeeStaff, trustSchoolsOf } from './staff-access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StaffRecord {
  staff: StaffMember;
  version: number;
}

/** Loads one member of staff from their stream and answers who may see them. */
@Injectable()
export class StaffRecords {
  constructor(
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
  ) {}

  /** The staff member, or null when there is none (anything that is not an id names no one). */
  async load(staffId: string): Promise<StaffRecord | null> {
    if (!UUID.test(staffId)) return null;
    const { state, version } = await this.runner.load(staffStream(staffId), staffDecider);
    return state === null ? null : { staff: state, version };
  }

  /** The staff member when the actor may see them; otherwise "not found". */
  async visibleTo(actor: Actor, staffId: string): Promise<StaffRecord> {
    const record = await this.load(staffId);
    if (record === null || !canSeeStaff(actor, record.staff, await trustSchoolsOf(actor, this.accounts))) throw notFound('member of staff');
    return record;
  }
}
