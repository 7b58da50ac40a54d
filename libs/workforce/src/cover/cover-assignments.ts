import { Inject, Injectable } from '@nestjs/common';
import { type Actor, RuleViolation } from '#lib/kernel';
import { type CommandContext, CommandRunner, forbidden, notFound } from '#lib/core';
import { coverDecider, coverStream } from '../domain/cover/decider.js';
import type { CoverWarning } from '../domain/cover/events.js';
import type { StaffMember } from '../domain/staff/decider.js';
import { StaffRecords } from '../staff/staff-records.js';
import type { AssignCoverDto, CancelCoverDto } from './cover.dto.js';
import { CoverAssignmentLocator } from './cover-assignment-locator.js';

/** The school's cover cap, a percentage of contracted hours (COVER_CAP_PERCENT). */
export const COVER_CAP = Symbol('COVER_CAP');

/**
 * Cover handlers. Any member of staff of the school may arrange cover (the office, a teacher, the
 * cover manager: the job role in the token does not say who the cover manager is), because the
 * rules that matter — the weekly cap, overlaps, lesson delivery by HLTAs only, and that only the
 * headteacher can override the cap — are the decider's and hold whoever asks.
 */
@Injectable()
export class CoverAssignments {
  constructor(
    private readonly runner: CommandRunner,
    private readonly records: StaffRecords,
    private readonly locator: CoverAssignmentLocator,
    @Inject(COVER_CAP) private readonly capPercent: number,
  ) {}

  async assign(body: AssignCoverDto, ctx: CommandContext): Promise<{ id: string; warnings: CoverWarning[] }> {
    const schoolId = schoolOf(ctx.actor);
    const staff = await this.staffOfSchool(body.staffId, schoolId, 'cover.unknown_staff');
    if (body.absentTeacherId !== undefined) await this.staffOfSchool(body.absentTeacherId, schoolId, 'cover.unknown_absent_teacher');
    const assignmentId = ctx.newId('cover-assignment');
    const { events } = await this.runner.run({
      streamId: coverStream(staff.staffId),
      decider: coverDecider,
      context: ctx,
      schoolId,
      command: (_, now) => ({
        type: 'AssignCover' as const,
        assignmentId,
        ...body,
        staffContractedHoursPerWeek: staff.contractedHoursPerWeek,
        staffIsHlta: staff.hlta,
        byRoles: ctx.actor.roles,
        by: ctx.actor.staffId,
        now,
        capPercent: this.capPercent,
      }),
    });
    const assigned = events.find((e) => e.type === 'CoverAssigned');
    return { id: assignmentId, warnings: assigned?.type === 'CoverAssigned' ? assigned.data.warnings : [] };
  }

  async cancel(assignmentId: string, body: CancelCoverDto, ctx: CommandContext): Promise<{ id: string; version: number }> {
    const staffId = await this.locator.staffOf(assignmentId, { ...ctx.actor, schoolId: schoolOf(ctx.actor) });
    if (staffId === null) throw notFound('cover assignment');
    const { version } = await this.runner.run({
      streamId: coverStream(staffId),
      decider: coverDecider,
      context: ctx,
      schoolId: ctx.actor.schoolId,
      command: (_, now) => ({ type: 'CancelCover' as const, assignmentId, reason: body.reason, by: ctx.actor.staffId, now }),
    });
    return { id: assignmentId, version };
  }

  private async staffOfSchool(staffId: string, schoolId: string, rule: string): Promise<StaffMember> {
    const record = await this.records.load(staffId);
    if (record === null || record.staff.schoolId !== schoolId) {
      throw new RuleViolation(rule, `${staffId} is not a member of staff at your school.`);
    }
    return record.staff;
  }
}

/** Cover is arranged within a school; trust-level accounts have none. */
function schoolOf(actor: Actor): string {
  if (actor.schoolId === null) throw forbidden('Only staff of a school can arrange cover');
  return actor.schoolId;
}
