import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { type Actor, RuleViolation } from '#lib/kernel';
import { type CommandContext, CommandRunner, fieldErrors, forbidden, invalidInput, notFound, toDomainEvent, ViewLog } from '#lib/core';
import { type Incident, incidentDecider, incidentStream } from './domain/decider.js';
import {
  type IncidentFieldValue,
  type IncidentRecord,
  type Injury,
  INTERVENTION_TYPE_OF_FORCE_TYPE,
  INTERVENTION_USES_HOLDS,
  type InterventionType,
  type StaffInvolvement,
} from './domain/vocabulary.js';
import { pupilDecider, type PupilEvent, pupilStream } from '#lib/pupils';
import { staffDecider, staffStream } from '#lib/workforce';
import type { RecordedEvent } from '#lib/event-store';
import { ReceivedFiles } from '#lib/read-models';
import { canAddToIncident, canSeeIncident, type IncidentInScope } from './incident-access.js';
import {
  type CorrectionDto,
  type DebriefDto,
  type InjuryDto,
  type ParentNotificationDto,
  type ParentNotificationExemptionDto,
  RecordIncidentDto,
  type ReviewDto,
  type StaffInvolvementDto,
} from './incident.dto.js';
import { senStatusAt } from './pupil-sen.js';

/** The statutory fields as they stand (corrections applied) beside everything added since, and the history. */
export type IncidentView = { id: string; schoolId: string | null } & IncidentRecord &
  Omit<Incident, 'incidentId' | 'record'> & {
    history: { type: string; occurredAt: string; recordedAt: string; actorId: string; data: unknown }[];
    version: number;
  };

/** An injury to the pupil may be a safeguarding matter: the recorder is offered a concern (not made to raise one). */
export interface ConcernSuggestion {
  pupilId: string;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The incident handlers: look up what the decider needs, check who may act, run the decider. */
@Injectable()
export class Incidents {
  constructor(
    private readonly runner: CommandRunner,
    private readonly views: ViewLog,
    private readonly receivedFiles: ReceivedFiles,
  ) {}

  async record(body: RecordIncidentDto, ctx: CommandContext): Promise<{ id: string; suggestConcern: ConcernSuggestion | null }> {
    const schoolId = schoolOf(ctx.actor);
    const interventionType = interventionTypeOf(body);
    const staffInvolved = involvementsOf(body.staffInvolved, interventionType, 'staffInvolved');
    const injuries = (body.injuries ?? []).map(injuryOf);
    const pupilSen = await this.pupilSenAt(body.pupilId, schoolId, body.occurredAt);
    await this.requireSchoolStaff(
      [...registeredIds(staffInvolved), ...injuries.flatMap((i) => (i.staffId ? [i.staffId] : [])), ...(body.witnesses ?? [])],
      schoolId,
    );
    const incidentId = ctx.newId('incident');
    await this.runner.run({
      streamId: incidentStream(incidentId),
      decider: incidentDecider,
      context: ctx,
      schoolId,
      occurredAt: () => body.occurredAt,
      command: (_, now) => ({
        type: 'RecordIncident' as const,
        incidentId,
        pupilId: body.pupilId,
        pupilSen,
        occurredAt: body.occurredAt,
        endedAt: body.endedAt,
        location: body.location,
        staffInvolved,
        antecedents: body.antecedents,
        deEscalation: body.deEscalation,
        interventionType,
        reason: body.reason,
        injuries,
        aftercare: body.aftercare,
        witnesses: body.witnesses,
        ...(body.forceType !== undefined ? { forceType: body.forceType } : {}),
        ...(body.pupilInjury !== undefined ? { pupilInjury: body.pupilInjury } : {}),
        ...(body.staffInjury !== undefined ? { staffInjury: body.staffInjury } : {}),
        recordedBy: ctx.actor.staffId,
        now,
      }),
    });
    return { id: incidentId, suggestConcern: concernSuggestion(body.pupilId, injuries) };
  }

  async notifyParent(id: string, body: ParentNotificationDto, ctx: CommandContext): Promise<{ id: string; version: number }> {
    const schoolId = await this.schoolForAdding(id, ctx.actor);
    const { version } = await this.runner.run({
      streamId: incidentStream(id),
      decider: incidentDecider,
      context: ctx,
      schoolId,
      occurredAt: () => body.notifiedAt,
      command: (_, now) => ({
        type: 'RecordParentNotification' as const,
        notifiedAt: body.notifiedAt,
        method: body.method,
        notifiedBy: body.notifiedBy,
        parentName: body.parentName,
        relationship: body.relationship,
        summaryShared: body.summaryShared,
        recordCopySentAt: body.recordCopySentAt,
        by: ctx.actor.staffId,
        now,
      }),
    });
    return { id, version };
  }

  /** The route admits only the DSL and the headteacher; the decider holds the same rule. */
  async exemptParentNotification(
    id: string,
    body: ParentNotificationExemptionDto,
    ctx: CommandContext,
  ): Promise<{ id: string; version: number }> {
    const schoolId = await this.schoolForAdding(id, ctx.actor);
    const { version } = await this.runner.run({
      streamId: incidentStream(id),
      decider: incidentDecider,
      context: ctx,
      schoolId,
      command: (_, now) => ({
        type: 'ExemptParentNotification' as const,
        reason: body.reason,
        significantHarmRisk: body.significantHarmRisk,
        by: ctx.actor.staffId,
        byRoles: ctx.actor.roles,
        now,
      }),
    });
    return { id, version };
  }

  async recordDebrief(id: string, body: DebriefDto, ctx: CommandContext): Promise<{ id: string; version: number }> {
    const schoolId = await this.schoolForAdding(id, ctx.actor);
    const debriefId = ctx.newId('debrief');
    const { version } = await this.runner.run({
      streamId: incidentStream(id),
      decider: incidentDecider,
      context: ctx,
      schoolId,
      occurredAt: () => body.heldAt,
      command: (_, now) => ({
        type: 'RecordDebrief' as const,
        debriefId,
        kind: body.kind,
        heldAt: body.heldAt,
        notes: body.notes,
        by: ctx.actor.staffId,
        now,
      }),
    });
    return { id, version };
  }

  async review(id: string, body: ReviewDto, ctx: CommandContext): Promise<{ id: string; version: number }> {
    const schoolId = await this.schoolForAdding(id, ctx.actor);
    const { version } = await this.runner.run({
      streamId: incidentStream(id),
      decider: incidentDecider,
      context: ctx,
      schoolId,
      command: (_, now) => ({ type: 'ReviewIncident' as const, notes: body.notes, by: ctx.actor.staffId, byRoles: ctx.actor.roles, now }),
    });
    return { id, version };
  }

  async correct(id: string, body: CorrectionDto, ctx: CommandContext): Promise<{ id: string; version: number }> {
    const { scope } = await this.load(id);
    if (!scope || !canAddToIncident(ctx.actor, scope)) throw notFound('incident');
    const schoolId = scope.schoolId!;
    const corrected = await correctedValue(body, scope.incident.record);
    if (corrected.field === 'staffInvolved') await this.requireSchoolStaff(registeredIds(corrected.value), schoolId);
    if (corrected.field === 'injuries')
      await this.requireSchoolStaff(
        corrected.value.flatMap((i) => (i.staffId ? [i.staffId] : [])),
        schoolId,
      );
    if (corrected.field === 'witnesses') await this.requireSchoolStaff(corrected.value, schoolId);
    const correctionId = ctx.newId('correction');
    const { version } = await this.runner.run({
      streamId: incidentStream(id),
      decider: incidentDecider,
      context: ctx,
      schoolId,
      command: (_, now) => ({
        type: 'CorrectIncident' as const,
        correctionId,
        ...corrected,
        reason: body.reason,
        by: ctx.actor.staffId,
        now,
      }),
    });
    return { id, version };
  }

  /** The incident as it stands, with its full history; the read itself is recorded. */
  async read(id: string, ctx: CommandContext): Promise<IncidentView> {
    const { scope, events, version } = await this.load(id);
    const receivedFile =
      scope !== null &&
      ctx.actor.schoolId !== scope.schoolId &&
      (await this.receivedFiles.hasReceived(ctx.actor, [scope.incident.record.pupilId]));
    if (!scope || !canSeeIncident(ctx.actor, scope, receivedFile)) throw notFound('incident');
    await this.views.record(ctx.actor, 'incident', id, scope.schoolId, ctx.correlationId);
    const { incidentId, record, ...rest } = scope.incident;
    return {
      id: incidentId,
      schoolId: scope.schoolId,
      ...record,
      ...rest,
      history: events.map((e) => ({
        type: e.type,
        occurredAt: e.metadata.occurredAt,
        recordedAt: e.recordedAt,
        actorId: e.metadata.actorId,
        data: e.data,
      })),
      version,
    };
  }

  private async load(id: string): Promise<{ scope: IncidentInScope | null; events: RecordedEvent[]; version: number }> {
    // Anything that is not an id cannot name an incident; it is simply not found.
    if (!UUID.test(id)) return { scope: null, events: [], version: -1 };
    const { state, events, version } = await this.runner.load(incidentStream(id), incidentDecider);
    const first = events[0];
    if (state === null || !first) return { scope: null, events, version };
    return { scope: { incident: state, schoolId: first.metadata.schoolId, trustId: first.metadata.trustId }, events, version };
  }

  /** The incident's school when the actor may add to it; otherwise it is "not found". */
  private async schoolForAdding(id: string, actor: Actor): Promise<string> {
    const { scope } = await this.load(id);
    if (!scope || !canAddToIncident(actor, scope)) throw notFound('incident');
    return scope.schoolId!;
  }

  private async pupilSenAt(pupilId: string, schoolId: string, occurredAt: string) {
    const { state, events } = await this.runner.load(pupilStream(pupilId), pupilDecider);
    const sen = senStatusAt(
      events.map((e) => toDomainEvent<PupilEvent>(e)),
      occurredAt,
    );
    if (state === null || state.schoolId !== schoolId || sen === null) {
      throw new RuleViolation('incident.unknown_pupil', 'There is no such pupil at your school.');
    }
    return sen;
  }

  private async requireSchoolStaff(staffIds: string[], schoolId: string): Promise<void> {
    for (const staffId of new Set(staffIds)) {
      const { state } = await this.runner.load(staffStream(staffId), staffDecider);
      if (state === null || state.schoolId !== schoolId) {
        throw new RuleViolation('incident.unknown_staff', `${staffId} is not a member of staff at your school.`);
      }
    }
  }
}

/** Recording is for the staff of a school; trust-level accounts have none. */
function schoolOf(actor: Actor): string {
  if (actor.schoolId === null) throw forbidden('Only staff of a school can record an incident');
  return actor.schoolId;
}

/** The type as chosen, or v1's force type mapped; both given must say the same. */
function interventionTypeOf(body: RecordIncidentDto): InterventionType {
  const mapped = body.forceType === undefined ? undefined : INTERVENTION_TYPE_OF_FORCE_TYPE[body.forceType];
  if (body.interventionType !== undefined && mapped !== undefined && mapped !== body.interventionType) {
    throw invalidInput([{ field: 'forceType', message: `forceType ${body.forceType} is not interventionType ${body.interventionType}` }]);
  }
  const type = body.interventionType ?? mapped;
  if (type === undefined) throw invalidInput([{ field: 'interventionType', message: 'interventionType is required' }]);
  return type;
}

/**
 * Each person as the decider takes them, checked against the type: holds where it uses them (named
 * by field, so the form can point at the step), either a staff id or a name.
 */
function involvementsOf(staff: StaffInvolvementDto[], type: InterventionType, field: string): StaffInvolvement[] {
  return staff.map((s, i) => {
    if (s.staffId !== undefined && s.name !== undefined) {
      throw invalidInput([{ field: `${field}[${i}].name`, message: 'give either staffId or name with roleDescription, not both' }]);
    }
    if (INTERVENTION_USES_HOLDS[type] && s.holds.length === 0) {
      throw invalidInput([{ field: `${field}[${i}].holds`, message: `holds must name at least one hold for ${type.replace(/_/g, ' ')}` }]);
    }
    return {
      ...(s.staffId !== undefined ? { staffId: s.staffId } : { name: s.name, roleDescription: s.roleDescription }),
      holds: s.holds,
      ...(s.justification !== undefined ? { justification: s.justification } : {}),
    };
  });
}

function injuryOf(i: InjuryDto, index: number): Injury {
  if (i.person === 'pupil' && i.staffId !== undefined) {
    throw invalidInput([{ field: `injuries[${index}].staffId`, message: 'an injury to the pupil names no member of staff' }]);
  }
  return {
    person: i.person,
    ...(i.staffId !== undefined ? { staffId: i.staffId } : {}),
    description: i.description,
    bodyMap: i.bodyMap ?? [],
    firstAidGiven: i.firstAidGiven,
    medicalAttention: i.medicalAttention,
    riddorReportable: i.riddorReportable,
  };
}

const registeredIds = (staff: StaffInvolvement[]): string[] => staff.flatMap((s) => (s.staffId ? [s.staffId] : []));

export function concernSuggestion(pupilId: string, injuries: readonly Injury[]): ConcernSuggestion | null {
  if (!injuries.some((i) => i.person === 'pupil')) return null;
  return {
    pupilId,
    message: 'An injury to the pupil is recorded. If how it happened, or the mark itself, worries you, raise a safeguarding concern.',
  };
}

/**
 * A correction's value is checked with the same rules as the field on the original record, and
 * errors are reported against `value`.
 */
async function correctedValue(body: CorrectionDto, record: IncidentRecord): Promise<IncidentFieldValue> {
  const probe = plainToInstance(RecordIncidentDto, { [body.field]: body.value });
  const errors = await validate(probe, { skipMissingProperties: true, whitelist: true, forbidNonWhitelisted: true });
  const own = fieldErrors(errors.filter((e) => e.property === body.field));
  if (own.length > 0) throw invalidInput(own.map((e) => ({ ...e, field: `value${e.field.slice(body.field.length)}` })));
  switch (body.field) {
    case 'staffInvolved':
      return { field: body.field, value: involvementsOf(probe.staffInvolved, record.interventionType, 'value') };
    case 'interventionType':
      // The staff as recorded must still fit the type corrected to (a hold each where it uses holds).
      involvementsOf(record.staffInvolved as StaffInvolvementDto[], probe.interventionType!, 'staffInvolved');
      return { field: body.field, value: probe.interventionType! };
    case 'injuries':
      return { field: body.field, value: (probe.injuries ?? []).map(injuryOf) };
    default:
      return { field: body.field, value: probe[body.field] } as IncidentFieldValue;
  }
}
