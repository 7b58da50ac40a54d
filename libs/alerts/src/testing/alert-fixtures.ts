/**
 * Appends domain events through the CommandRunner and the domain deciders, so the alert rules can be
 * tested whatever HTTP routes the command side offers. Only for tests.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '#lib/kernel';
import { commandContext, CommandRunner } from '#lib/core';
import { type AdultSubject, concernDecider, concernStream, type ConcernUrgency } from '#lib/concerns';
import { coverDecider, coverStream, DEFAULT_TRAINING_REFERENCE, staffDecider, staffStream } from '#lib/workforce';
import { type DebriefKind, incidentDecider, incidentStream, type StaffInvolvement } from '#lib/incidents';
import type { TestPlatform } from '#lib/testing';

export function fixtures(p: TestPlatform, schoolId: string) {
  const actor = { staffId: randomUUID(), name: 'fixture', roles: ['headteacher'] as Role[], schoolId, trustId: p.trustId };
  const runner = () => p.app.get(CommandRunner);
  const ctx = () => commandContext(actor, {});

  return {
    async raiseConcern(
      o: { pupilIds?: string[]; urgency?: ConcernUrgency; occurredAt?: string; aboutAdult?: AdultSubject; lowLevel?: boolean } = {},
    ): Promise<string> {
      const concernId = randomUUID();
      await runner().run({
        streamId: concernStream(concernId),
        decider: concernDecider,
        context: ctx(),
        schoolId,
        command: (_, now) => ({
          type: 'RaiseConcern' as const,
          concernId,
          pupilIds: o.pupilIds ?? [randomUUID()],
          categories: ['neglect'],
          summary: 'Came in hungry again',
          details: 'Said there was no food at home',
          occurredAt: o.occurredAt ?? now,
          urgency: o.urgency ?? 'routine',
          informedDslVerbally: false,
          aboutAdult: o.aboutAdult,
          lowLevel: o.lowLevel,
          raisedBy: actor.staffId,
          now,
        }),
      });
      return concernId;
    },

    async acknowledgeConcern(concernId: string): Promise<void> {
      await runner().run({
        streamId: concernStream(concernId),
        decider: concernDecider,
        context: ctx(),
        schoolId,
        command: (_, now) => ({ type: 'AcknowledgeConcern' as const, by: actor.staffId, now }),
      });
    },

    async recordIncident(o: { pupilId: string; occurredAt: string; staffInvolved: StaffInvolvement[] }): Promise<string> {
      const incidentId = randomUUID();
      await runner().run({
        streamId: incidentStream(incidentId),
        decider: incidentDecider,
        context: ctx(),
        schoolId,
        occurredAt: () => o.occurredAt,
        command: (_, now) => ({
          type: 'RecordIncident' as const,
          incidentId,
          pupilId: o.pupilId,
          pupilSen: { sen: true, ehcp: false },
          occurredAt: o.occurredAt,
          endedAt: new Date(Date.parse(o.occurredAt) + 4 * 60_000).toISOString(),
          location: 'Year 4 corridor',
          staffInvolved: o.staffInvolved,
          antecedents: 'Refused to leave the hall and kicked a door',
          deEscalation: ['calm talk', 'offered choices'],
          interventionType: 'physical_restraint' as const,
          reason: 'risk_of_injury_to_others' as const,
          injuries: [],
          aftercare: 'Quiet room and water',
          recordedBy: actor.staffId,
          now,
        }),
      });
      return incidentId;
    },

    async notifyParent(incidentId: string): Promise<void> {
      await runner().run({
        streamId: incidentStream(incidentId),
        decider: incidentDecider,
        context: ctx(),
        schoolId,
        command: (_, now) => ({
          type: 'RecordParentNotification' as const,
          notifiedAt: now,
          method: 'phone' as const,
          notifiedBy: actor.staffId,
          parentName: 'Sam Brown',
          relationship: 'mother' as const,
          summaryShared: 'What happened and how the pupil was afterwards',
          by: actor.staffId,
          now,
        }),
      });
    },

    async debrief(incidentId: string, kind: DebriefKind): Promise<void> {
      await runner().run({
        streamId: incidentStream(incidentId),
        decider: incidentDecider,
        context: ctx(),
        schoolId,
        command: (_, now) => ({
          type: 'RecordDebrief' as const,
          debriefId: randomUUID(),
          kind,
          heldAt: now,
          notes: 'Talked it through',
          by: actor.staffId,
          now,
        }),
      });
    },

    async recordTraining(staffId: string, course: string, completedOn: string, expiresOn?: string): Promise<void> {
      await runner().run({
        streamId: staffStream(staffId),
        decider: staffDecider,
        context: ctx(),
        schoolId,
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
    },

    async assignCover(o: {
      staffId: string;
      date: string;
      start?: string;
      end?: string;
      absentTeacherId?: string;
      override?: string;
    }): Promise<string> {
      const assignmentId = randomUUID();
      await runner().run({
        streamId: coverStream(o.staffId),
        decider: coverDecider,
        context: ctx(),
        schoolId,
        command: (_, now) => ({
          type: 'AssignCover' as const,
          assignmentId,
          staffId: o.staffId,
          staffContractedHoursPerWeek: 32.5,
          staffIsHlta: false,
          classGroup: '4B',
          date: o.date,
          start: o.start ?? '09:00',
          end: o.end ?? '10:00',
          reason: 'Teacher absent',
          absentTeacherId: o.absentTeacherId,
          deliversLesson: false,
          override: o.override ? { reason: o.override } : undefined,
          byRoles: ['headteacher' as const],
          by: actor.staffId,
          now,
        }),
      });
      return assignmentId;
    },
  };
}
