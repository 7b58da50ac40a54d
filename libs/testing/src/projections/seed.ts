import { randomUUID } from 'node:crypto';
import type { Actor, Role } from '#lib/kernel';
import { commandContext, CommandRunner } from '#lib/core';
import { concernDecider, concernStream } from '#lib/concerns';
import { coverDecider, coverStream, DEFAULT_TRAINING_REFERENCE, type JobRole, staffDecider, staffStream } from '#lib/workforce';
import { incidentDecider, incidentStream, type RecordIncident } from '#lib/incidents';
import { pupilDecider, pupilStream } from '#lib/pupils';
import type { TestPlatform } from '../test-platform.js';

/**
 * Writes history straight through the domain deciders (CommandRunner), as the feature routes do,
 * so these tests depend only on the deciders and the store, not on other features' routes.
 */
export class Seeder {
  private readonly runner: CommandRunner;

  constructor(private readonly p: TestPlatform) {
    this.runner = p.app.get(CommandRunner);
  }

  actor(schoolId: string, roles: Role[] = ['headteacher'], staffId: string = randomUUID()): Actor {
    const trustId = schoolId === this.p.schools.elsewhere ? this.p.otherTrustId : this.p.trustId;
    return { staffId, name: 'Seeder', roles, schoolId, trustId };
  }

  async pupil(schoolId: string, firstName = 'Pupil', lastName = 'Test', by = this.actor(schoolId)): Promise<string> {
    const pupilId = randomUUID();
    await this.runner.run({
      streamId: pupilStream(pupilId),
      decider: pupilDecider,
      context: commandContext(by, {}),
      schoolId,
      command: (_, now) => ({
        type: 'RegisterPupil' as const,
        pupilId,
        firstName,
        lastName,
        dateOfBirth: '2016-05-14',
        yearGroup: '4',
        sen: false,
        ehcp: false,
        schoolId,
        now,
      }),
    });
    return pupilId;
  }

  async staff(by: Actor, o: { jobRole: JobRole; contractedHoursPerWeek: number; hlta?: boolean; name?: string }): Promise<string> {
    const staffId = randomUUID();
    await this.runner.run({
      streamId: staffStream(staffId),
      decider: staffDecider,
      context: commandContext(by, {}),
      schoolId: by.schoolId,
      command: (_, now) => ({
        type: 'RegisterStaffMember' as const,
        staffId,
        name: o.name ?? `Staff ${staffId.slice(0, 6)}`,
        email: `${staffId}@school.test`,
        jobRole: o.jobRole,
        roles: ['staff' as const],
        contractedHoursPerWeek: o.contractedHoursPerWeek,
        startDate: '2024-09-01',
        hlta: o.hlta ?? false,
        schoolId: by.schoolId!,
        now,
      }),
    });
    return staffId;
  }

  async completion(by: Actor, staffId: string, course: string, completedOn: string, expiresOn?: string): Promise<void> {
    await this.runner.run({
      streamId: staffStream(staffId),
      decider: staffDecider,
      context: commandContext(by, {}),
      schoolId: by.schoolId,
      command: (_, now) => ({
        type: 'RecordTrainingCompletion' as const,
        completionId: randomUUID(),
        course,
        completedOn,
        expiresOn,
        reference: DEFAULT_TRAINING_REFERENCE,
        now,
      }),
    });
  }

  async cover(
    by: Actor,
    staff: { id: string; contractedHoursPerWeek: number; hlta?: boolean },
    slot: { date: string; start: string; end: string; classGroup?: string; absentTeacherId?: string; deliversLesson?: boolean },
  ): Promise<string> {
    const assignmentId = randomUUID();
    await this.runner.run({
      streamId: coverStream(staff.id),
      decider: coverDecider,
      context: commandContext(by, {}),
      schoolId: by.schoolId,
      command: (_, now) => ({
        type: 'AssignCover' as const,
        assignmentId,
        staffId: staff.id,
        staffContractedHoursPerWeek: staff.contractedHoursPerWeek,
        staffIsHlta: staff.hlta ?? false,
        classGroup: slot.classGroup ?? '4B',
        date: slot.date,
        start: slot.start,
        end: slot.end,
        reason: 'teacher absent',
        absentTeacherId: slot.absentTeacherId,
        deliversLesson: slot.deliversLesson ?? false,
        byRoles: by.roles,
        by: by.staffId,
        now,
      }),
    });
    return assignmentId;
  }

  async cancelCover(by: Actor, staffId: string, assignmentId: string): Promise<void> {
    await this.runner.run({
      streamId: coverStream(staffId),
      decider: coverDecider,
      context: commandContext(by, {}),
      schoolId: by.schoolId,
      command: (_, now) => ({ type: 'CancelCover' as const, assignmentId, reason: 'teacher back', by: by.staffId, now }),
    });
  }

  async incident(
    by: Actor,
    o: { pupilId: string; occurredAt: string; staffIds: string[]; minutes?: number } & Partial<Pick<RecordIncident, 'location'>>,
  ): Promise<string> {
    const incidentId = randomUUID();
    const endedAt = new Date(Date.parse(o.occurredAt) + (o.minutes ?? 5) * 60_000).toISOString();
    await this.runner.run({
      streamId: incidentStream(incidentId),
      decider: incidentDecider,
      context: commandContext(by, {}),
      schoolId: by.schoolId,
      occurredAt: () => o.occurredAt,
      command: (_, now) => ({
        type: 'RecordIncident' as const,
        incidentId,
        pupilId: o.pupilId,
        pupilSen: { sen: false, ehcp: false },
        occurredAt: o.occurredAt,
        endedAt,
        location: o.location ?? 'Year 4 classroom',
        staffInvolved: o.staffIds.map((staffId) => ({ staffId, holds: ['single_elbow'] })),
        antecedents: 'Threw chairs',
        deEscalation: ['calm talk'],
        interventionType: 'physical_restraint' as const,
        reason: 'risk_of_injury_to_others' as const,
        injuries: [],
        aftercare: 'water and quiet space',
        recordedBy: by.staffId,
        now,
      }),
    });
    return incidentId;
  }

  async notifyParent(by: Actor, incidentId: string, notifiedAt: string): Promise<void> {
    await this.runner.run({
      streamId: incidentStream(incidentId),
      decider: incidentDecider,
      context: commandContext(by, {}),
      schoolId: by.schoolId,
      occurredAt: () => notifiedAt,
      command: (_, now) => ({
        type: 'RecordParentNotification' as const,
        notifiedAt,
        method: 'phone' as const,
        notifiedBy: by.staffId,
        parentName: 'Sam Test',
        relationship: 'parent' as const,
        summaryShared: 'What happened and how the pupil was afterwards',
        by: by.staffId,
        now,
      }),
    });
  }

  async debrief(by: Actor, incidentId: string, kind: 'pupil' | 'staff', heldAt: string): Promise<void> {
    await this.runner.run({
      streamId: incidentStream(incidentId),
      decider: incidentDecider,
      context: commandContext(by, {}),
      schoolId: by.schoolId,
      occurredAt: () => heldAt,
      command: (_, now) => ({
        type: 'RecordDebrief' as const,
        debriefId: randomUUID(),
        kind,
        heldAt,
        notes: 'talked it through',
        by: by.staffId,
        now,
      }),
    });
  }

  async review(by: Actor, incidentId: string): Promise<void> {
    await this.runner.run({
      streamId: incidentStream(incidentId),
      decider: incidentDecider,
      context: commandContext(by, {}),
      schoolId: by.schoolId,
      command: (_, now) => ({ type: 'ReviewIncident' as const, notes: 'handled well', by: by.staffId, byRoles: by.roles, now }),
    });
  }

  async concern(
    by: Actor,
    o: { pupilIds: string[]; occurredAt?: string; summary?: string; aboutAdult?: { name: string } },
  ): Promise<string> {
    const concernId = randomUUID();
    await this.runner.run({
      streamId: concernStream(concernId),
      decider: concernDecider,
      context: commandContext(by, {}),
      schoolId: by.schoolId,
      occurredAt: (now) => o.occurredAt ?? now,
      command: (_, now) => ({
        type: 'RaiseConcern' as const,
        concernId,
        pupilIds: o.pupilIds,
        categories: ['neglect'],
        summary: o.summary ?? 'Arrived hungry again',
        details: 'Said there was no breakfast at home.',
        occurredAt: o.occurredAt ?? now,
        urgency: 'routine' as const,
        informedDslVerbally: false,
        aboutAdult: o.aboutAdult,
        raisedBy: by.staffId,
        now,
      }),
    });
    return concernId;
  }

  async triage(by: Actor, concernId: string): Promise<void> {
    await this.runner.run({
      streamId: concernStream(concernId),
      decider: concernDecider,
      context: commandContext(by, {}),
      schoolId: by.schoolId,
      command: (_, now) => ({
        type: 'TriageConcern' as const,
        riskLevel: 'medium' as const,
        decision: 'early_help' as const,
        rationale: 'pattern of hunger',
        by: by.staffId,
        now,
      }),
    });
  }
}
