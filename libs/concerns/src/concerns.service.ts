import { Injectable } from '@nestjs/common';
import { type Actor, RuleViolation } from '#lib/kernel';
import { type CommandContext, CommandRunner, forbidden, notFound } from '#lib/core';
import { pupilDecider, pupilStream } from '#lib/pupils';
import { staffDecider, staffStream } from '#lib/workforce';
import type { ConcernCommand } from './domain/commands.js';
import { concernDecider, concernStream } from './domain/decider.js';
import { canAddAddendum, canHandle, canManageCase, type ConcernAccess } from './concern-access.js';
import { ConcernCategories } from './concern-categories.service.js';
import { ConcernVisibility } from './concern-visibility.js';
import type {
  AddAddendumDto,
  AllegationOutcomeDto,
  AssignActionDto,
  CloseConcernDto,
  CompleteActionDto,
  InformationSharingDto,
  LadoReferralDto,
  RaiseConcernDto,
  ReferralDto,
  ReferralFollowUpDto,
  ReferralResponseDto,
  ReopenConcernDto,
  TriageConcernDto,
} from './concern.dto.js';

/** What a command on a concern answers: send the version as If-Match to refuse (409) if it changed since. */
export interface ConcernCommandDone {
  id: string;
  version: number;
}

/**
 * The concern handlers: look up what the decider needs (the pupils, the adult, the trust's
 * categories), check who may act on the concern, run the decider through the CommandRunner.
 */
@Injectable()
export class Concerns {
  constructor(
    private readonly runner: CommandRunner,
    private readonly visibility: ConcernVisibility,
    private readonly categories: ConcernCategories,
  ) {}

  async raise(body: RaiseConcernDto, actor: Actor, ctx: CommandContext): Promise<{ id: string }> {
    const schoolId = actor.schoolId;
    if (schoolId === null) throw forbidden('Concerns are raised by the staff of a school');
    for (const pupilId of new Set(body.pupilIds)) {
      const { state: pupil } = await this.runner.load(pupilStream(pupilId), pupilDecider);
      if (pupil?.schoolId !== schoolId) throw new RuleViolation('concern.unknown_pupil', `No pupil ${pupilId} at your school.`);
    }
    // A self-report is about the one raising it, whether or not they named themself.
    const aboutAdult =
      body.selfReport && !body.aboutAdult?.staffId
        ? { ...body.aboutAdult, staffId: actor.staffId }
        : body.aboutAdult
          ? { ...body.aboutAdult }
          : undefined;
    let subjectIsHeadteacher = false;
    if (aboutAdult?.staffId) {
      const { state: adult } = await this.runner.load(staffStream(aboutAdult.staffId), staffDecider);
      if (adult?.schoolId !== schoolId)
        throw new RuleViolation('concern.unknown_adult', `No member of staff ${aboutAdult.staffId} at your school.`);
      // The headteacher's case manager is the trust's: the concern must never reach the head.
      subjectIsHeadteacher = adult.roles.includes('headteacher') || adult.jobRole === 'headteacher';
    }
    const knownCategories = await this.categories.openToNewConcerns(actor.trustId);
    const concernId = ctx.newId('concern');
    await this.runner.run({
      streamId: concernStream(concernId),
      decider: concernDecider,
      context: ctx,
      schoolId,
      occurredAt: () => body.occurredAt,
      command: (_, now) => ({
        type: 'RaiseConcern' as const,
        concernId,
        pupilIds: body.pupilIds,
        categories: body.categories,
        knownCategories,
        summary: body.summary,
        details: body.details,
        occurredAt: body.occurredAt,
        urgency: body.urgency,
        informedDslVerbally: body.informedDslVerbally,
        aboutAdult: aboutAdult
          ? { staffId: aboutAdult.staffId, name: aboutAdult.name, roleDescription: aboutAdult.roleDescription }
          : undefined,
        subjectIsHeadteacher,
        lowLevel: body.lowLevel,
        selfReport: body.selfReport,
        bodyMap: body.bodyMap?.map((m) => ({ region: m.region, note: m.note })),
        raisedBy: actor.staffId,
        now,
      }),
    });
    return { id: concernId };
  }

  acknowledge(id: string, actor: Actor, ctx: CommandContext): Promise<ConcernCommandDone> {
    return this.decide(id, actor, ctx, canHandle, (now) => ({ type: 'AcknowledgeConcern', by: actor.staffId, now }));
  }

  triage(id: string, body: TriageConcernDto, actor: Actor, ctx: CommandContext): Promise<ConcernCommandDone> {
    return this.decide(id, actor, ctx, canHandle, (now) => ({
      type: 'TriageConcern',
      riskLevel: body.riskLevel,
      decision: body.decision,
      rationale: body.rationale,
      by: actor.staffId,
      now,
    }));
  }

  async assignAction(
    id: string,
    body: AssignActionDto,
    actor: Actor,
    ctx: CommandContext,
  ): Promise<ConcernCommandDone & { actionId: string }> {
    const { state: assignee } = await this.runner.load(staffStream(body.assigneeId), staffDecider);
    const actionId = ctx.newId('concern-action');
    const result = await this.decide(
      id,
      actor,
      ctx,
      canHandle,
      (now) => ({
        type: 'AssignConcernAction',
        actionId,
        description: body.description,
        assigneeId: body.assigneeId,
        dueOn: body.dueOn,
        by: actor.staffId,
        now,
      }),
      (schoolId) => {
        if (assignee?.schoolId !== schoolId)
          throw new RuleViolation('concern.unknown_assignee', `No staff member ${body.assigneeId} at this school.`);
      },
    );
    return { ...result, actionId };
  }

  completeAction(id: string, actionId: string, body: CompleteActionDto, actor: Actor, ctx: CommandContext): Promise<ConcernCommandDone> {
    return this.decide(id, actor, ctx, canHandle, (now) => ({
      type: 'CompleteConcernAction',
      actionId,
      note: body.note,
      by: actor.staffId,
      now,
    }));
  }

  async addAddendum(
    id: string,
    body: AddAddendumDto,
    actor: Actor,
    ctx: CommandContext,
  ): Promise<ConcernCommandDone & { addendumId: string }> {
    const addendumId = ctx.newId('concern-addendum');
    const result = await this.decide(id, actor, ctx, canAddAddendum, (now) => ({
      type: 'AddConcernAddendum',
      addendumId,
      text: body.text,
      by: actor.staffId,
      now,
    }));
    return { ...result, addendumId };
  }

  ladoReferral(id: string, body: LadoReferralDto, actor: Actor, ctx: CommandContext): Promise<ConcernCommandDone> {
    return this.decide(
      id,
      actor,
      ctx,
      canManageCase,
      (now) => ({
        type: 'RecordLadoReferral',
        referredAt: body.referredAt,
        officer: body.officer,
        reference: body.reference,
        advice: body.advice,
        by: actor.staffId,
        now,
      }),
      undefined,
      'Only the case manager of this allegation can record its referral to the LADO',
    );
  }

  allegationOutcome(id: string, body: AllegationOutcomeDto, actor: Actor, ctx: CommandContext): Promise<ConcernCommandDone> {
    return this.decide(
      id,
      actor,
      ctx,
      canManageCase,
      (now) => ({
        type: 'RecordAllegationOutcome',
        outcome: body.outcome,
        decidedAt: body.decidedAt,
        rationale: body.rationale,
        by: actor.staffId,
        now,
      }),
      undefined,
      'Only the case manager of this allegation can record its outcome',
    );
  }

  close(id: string, body: CloseConcernDto, actor: Actor, ctx: CommandContext): Promise<ConcernCommandDone> {
    return this.decide(id, actor, ctx, canHandle, (now) => ({
      type: 'CloseConcern',
      outcome: body.outcome,
      reasonCode: body.reasonCode,
      rationale: body.rationale,
      overrideReason: body.overrideReason,
      by: actor.staffId,
      now,
    }));
  }

  reopen(id: string, body: ReopenConcernDto, actor: Actor, ctx: CommandContext): Promise<ConcernCommandDone> {
    return this.decide(id, actor, ctx, canHandle, (now) => ({ type: 'ReopenConcern', reason: body.reason, by: actor.staffId, now }));
  }

  async referral(
    id: string,
    body: ReferralDto,
    actor: Actor,
    ctx: CommandContext,
  ): Promise<{ id: string; concernId: string; version: number }> {
    const referralId = ctx.newId('concern-referral');
    const { version } = await this.decide(id, actor, ctx, canHandle, (now) => ({
      type: 'MakeReferral',
      referralId,
      agency: body.agency,
      referredAt: body.referredAt,
      reference: body.reference,
      contact: body.contact,
      by: actor.staffId,
      now,
    }));
    return { id: referralId, concernId: id, version };
  }

  referralResponse(
    id: string,
    referralId: string,
    body: ReferralResponseDto,
    actor: Actor,
    ctx: CommandContext,
  ): Promise<ConcernCommandDone> {
    return this.decide(id, actor, ctx, canHandle, (now) => ({
      type: 'RecordReferralResponse',
      referralId,
      outcome: body.outcome,
      receivedAt: body.receivedAt,
      note: body.note,
      by: actor.staffId,
      now,
    }));
  }

  referralFollowUp(
    id: string,
    referralId: string,
    body: ReferralFollowUpDto,
    actor: Actor,
    ctx: CommandContext,
  ): Promise<ConcernCommandDone> {
    return this.decide(id, actor, ctx, canHandle, (now) => ({
      type: 'FollowUpReferral',
      referralId,
      followedUpAt: body.followedUpAt,
      note: body.note,
      by: actor.staffId,
      now,
    }));
  }

  async informationSharing(
    id: string,
    body: InformationSharingDto,
    actor: Actor,
    ctx: CommandContext,
  ): Promise<{ id: string; concernId: string; version: number }> {
    const sharingId = ctx.newId('concern-sharing');
    const { version } = await this.decide(id, actor, ctx, canHandle, (now) => ({
      type: 'RecordInformationSharing',
      sharingId,
      what: body.what,
      sharedWith: body.sharedWith,
      sharedAt: body.sharedAt,
      consent: body.consent,
      rationale: body.rationale,
      by: actor.staffId,
      now,
    }));
    return { id: sharingId, concernId: id, version };
  }

  /** Runs a command on a concern the actor can see and may act on this way. */
  private async decide(
    id: string,
    actor: Actor,
    ctx: CommandContext,
    allowed: (access: ConcernAccess) => boolean,
    command: (now: string) => ConcernCommand,
    check?: (schoolId: string | null) => void,
    refusal = 'Only the DSL, deputy DSL, headteacher or case manager handling this concern can do this',
  ): Promise<ConcernCommandDone> {
    const found = await this.visibility.open(actor, id);
    if (found === null) throw notFound('concern');
    const { access, schoolId } = found;
    // They can see the concern (they raised it), so saying "not allowed" reveals nothing new.
    if (!allowed(access)) throw forbidden(refusal);
    check?.(schoolId);
    const { version } = await this.runner.run({
      streamId: concernStream(id),
      decider: concernDecider,
      context: ctx,
      schoolId,
      command: (_, now) => command(now),
    });
    return { id, version };
  }
}
