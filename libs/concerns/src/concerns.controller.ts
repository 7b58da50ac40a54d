import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Accounts, CurrentActor, Roles, schoolInScope } from '#lib/auth';
import { type Actor, hasRole, RuleViolation, STAFF_ROLE_LABELS } from '#lib/kernel';
import {
  CLOCK,
  type Clock,
  type CommandContext,
  CommandRunner,
  Ctx,
  type CursorKey,
  forbidden,
  linkNext,
  notFound,
  pageInMemory,
  ViewLog,
} from '#lib/core';
import { ApiFormatQuery, pdfFile, readerLabel, recordFormat, renderPdf } from '#lib/printing';
import type { ConcernCommand } from './domain/commands.js';
import { concernDecider, concernStream, type Concern } from './domain/decider.js';
import { fullName, pupilDecider, PupilDirectory, pupilStream } from '#lib/pupils';
import { staffDecider, staffStream } from '#lib/workforce';
import { canAddAddendum, canHandle, canManageCase, concernAccess, type ConcernAccess } from './concern-access.js';
import { ConcernList } from './concern-list.js';
import { ConcernVisibility } from './concern-visibility.js';
import { ConcernCategories } from './concern-categories.service.js';
import { concernPrint } from './concern-print.js';
import { concernDetail, concernListItem, type PupilName } from './concern-views.js';
import {
  AddAddendumDto,
  AllegationOutcomeDto,
  AssignActionDto,
  CloseConcernDto,
  CompleteActionDto,
  ConcernListQuery,
  InformationSharingDto,
  LadoReferralDto,
  RaiseConcernDto,
  ReferralDto,
  ReferralFollowUpDto,
  ReferralResponseDto,
  ReopenConcernDto,
  TriageConcernDto,
} from './concern.dto.js';

const HANDLERS = ['dsl', 'deputy_dsl', 'headteacher', 'trust_safeguarding_lead'] as const;
const CASE_MANAGERS = ['headteacher', 'trust_safeguarding_lead'] as const;
const COMMAND_DONE = '{ id, version } — send If-Match: <version> to refuse (409) if the concern changed since you read it';

@ApiTags('concerns')
@ApiBearerAuth()
@Controller('concerns')
export class ConcernsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
    private readonly concerns: ConcernList,
    private readonly pupils: PupilDirectory,
    private readonly views: ViewLog,
    private readonly visibility: ConcernVisibility,
    private readonly categories: ConcernCategories,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiCreatedResponse({ description: '{ id }' })
  async raise(@Body() body: RaiseConcernDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
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

  @Get()
  @ApiOkResponse({
    description:
      'Newest first. DSL/deputy: the school’s concerns except those about adults; headteacher and trust auditors: all; ' +
      'other staff: those they raised, as { id, status, urgency, raisedAt, summary, pupils } only (their own account). ' +
      'A page of `limit` (100); Link rel="next" names the next',
  })
  async list(
    @Query() query: ConcernListQuery,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (actor.schoolId === null && !hasRole(actor, 'trust_auditor', 'trust_safeguarding_lead'))
      throw forbidden('Trust administrators do not read concerns');
    const schoolIds = await this.schoolsToList(actor, query.schoolId);
    const items = [];
    for (const schoolId of schoolIds) {
      const place = { schoolId, inActorsTrust: actor.schoolId === null };
      const visible = (await this.concerns.ofSchool(schoolId))
        .map((c) => ({ ...c, access: concernAccess(actor, c.concern, place) }))
        .filter((c): c is typeof c & { access: Exclude<ConcernAccess, 'none'> } => c.access !== 'none');
      if (visible.length === 0) continue;
      const names = new Map((await this.pupils.search(actor, schoolId)).map((p) => [p.id, p.fullName]));
      for (const { access, concern, version } of visible) {
        const pupils = concern.pupilIds.map((id) => ({ id, fullName: names.get(id) ?? null }));
        const item = {
          ...concernListItem(access, concern, version, pupils),
          ...(concern.aboutAdult ? { adult: await this.adultOf(concern) } : {}),
        };
        items.push(access === 'raiser' ? item : { ...item, schoolId });
      }
    }
    // Newest first, then by id: the key a cursor carries.
    const key = (c: { raisedAt: string; id: string }): CursorKey => [c.raisedAt, c.id];
    const newestFirst = (a: CursorKey, b: CursorKey) =>
      Date.parse(String(b[0])) - Date.parse(String(a[0])) || String(a[1]).localeCompare(String(b[1]));
    const page = pageInMemory(
      items.sort((a, b) => newestFirst(key(a), key(b))),
      query,
      ['string', 'string'],
      key,
      newestFirst,
    );
    linkNext(req, res, page.next);
    return page.items;
  }

  /** The trust's safeguarding lead manages concerns in any school of the trust; everyone else reads one school. */
  private async schoolsToList(actor: Actor, requested: string | undefined): Promise<string[]> {
    if (!hasRole(actor, 'trust_safeguarding_lead') || actor.schoolId !== null)
      return [await schoolInScope(actor, requested, this.accounts)];
    const schools = (await this.accounts.schoolsOfTrust(actor.trustId)).map((s) => s.id);
    if (requested === undefined) return schools;
    if (!schools.includes(requested)) throw notFound('school');
    return [requested];
  }

  @Get(':id')
  @ApiFormatQuery()
  @ApiOkResponse({
    description:
      'The concern with its history [{ type, occurredAt, recordedAt, actorId, data }] and version (also the ETag). ' +
      'The raiser sees the status, their own account and addenda only. Every read is recorded. ' +
      '?format=pdf: the same record (the same cut of it) as application/pdf to print, recorded as a printed view.',
  })
  async get(
    @Param('id') id: string,
    @Query('format') format: unknown,
    @CurrentActor() actor: Actor,
    @Ctx() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const found = await this.open(id, actor);
    const pupils = await Promise.all(found.concern.pupilIds.map((pupilId) => this.pupilName(pupilId)));
    const detail = {
      ...concernDetail(found.access, { ...found, pupils, actorId: actor.staffId }),
      adult: await this.adultOf(found.concern),
    };
    if (recordFormat(format) === 'pdf') {
      const names = new Map<string, string>();
      for (const staffId of new Set(detail.events.map((e) => e.actorId))) {
        const { state } = await this.runner.load(staffStream(staffId), staffDecider);
        names.set(staffId, state?.name ?? 'a member of staff');
      }
      const school = (await this.accounts.schoolsOfTrust(actor.trustId)).find((s) => s.id === found.schoolId);
      const pdf = await renderPdf(
        concernPrint(detail, {
          school: school?.name ?? found.schoolId ?? 'the trust',
          reader: readerLabel(actor, STAFF_ROLE_LABELS),
          printedAt: this.clock.now().toISOString(),
          nameOf: (staffId) => names.get(staffId) ?? 'a member of staff',
        }),
      );
      await this.views.record(actor, 'concern', id, found.schoolId, ctx.correlationId, { format: 'pdf' });
      return pdfFile(res, pdf, `concern-${id}.pdf`);
    }
    await this.views.record(actor, 'concern', id, found.schoolId, ctx.correlationId);
    res.setHeader('ETag', `"${found.version}"`);
    return detail;
  }

  @Post(':id/acknowledge')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({ description: COMMAND_DONE })
  acknowledge(@Param('id') id: string, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.decide(id, actor, ctx, canHandle, (now) => ({ type: 'AcknowledgeConcern', by: actor.staffId, now }));
  }

  @Post(':id/triage')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({ description: COMMAND_DONE })
  triage(@Param('id') id: string, @Body() body: TriageConcernDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.decide(id, actor, ctx, canHandle, (now) => ({
      type: 'TriageConcern',
      riskLevel: body.riskLevel,
      decision: body.decision,
      rationale: body.rationale,
      by: actor.staffId,
      now,
    }));
  }

  @Post(':id/actions')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({ description: `${COMMAND_DONE}; actionId names the new action` })
  async assignAction(@Param('id') id: string, @Body() body: AssignActionDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
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

  @Post(':id/actions/:actionId/complete')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({ description: COMMAND_DONE })
  completeAction(
    @Param('id') id: string,
    @Param('actionId') actionId: string,
    @Body() body: CompleteActionDto,
    @CurrentActor() actor: Actor,
    @Ctx() ctx: CommandContext,
  ) {
    return this.decide(id, actor, ctx, canHandle, (now) => ({
      type: 'CompleteConcernAction',
      actionId,
      note: body.note,
      by: actor.staffId,
      now,
    }));
  }

  @Post(':id/addenda')
  @HttpCode(200)
  @ApiOkResponse({ description: `${COMMAND_DONE}; the raiser or a DSL/headteacher who can see the concern` })
  async addAddendum(@Param('id') id: string, @Body() body: AddAddendumDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
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

  @Post(':id/lado-referral')
  @Roles(...CASE_MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({
    description: `${COMMAND_DONE}; the case manager records the referral of an allegation to the LADO and the advice given`,
  })
  ladoReferral(@Param('id') id: string, @Body() body: LadoReferralDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
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

  @Post(':id/allegation-outcome')
  @Roles(...CASE_MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({ description: `${COMMAND_DONE}; one of KCSIE's five outcomes, after the LADO referral` })
  allegationOutcome(@Param('id') id: string, @Body() body: AllegationOutcomeDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
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

  @Post(':id/close')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({
    description:
      `${COMMAND_DONE}; refused (422) before a triage decision, and (422 naming the rule: concern.close_open_actions, ` +
      'concern.close_unanswered_referral, concern.close_contradicts_triage) unless overrideReason says why it closes anyway',
  })
  close(@Param('id') id: string, @Body() body: CloseConcernDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
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

  @Post(':id/reopen')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({ description: `${COMMAND_DONE}; a closed concern only, with the reason` })
  reopen(@Param('id') id: string, @Body() body: ReopenConcernDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.decide(id, actor, ctx, canHandle, (now) => ({ type: 'ReopenConcern', reason: body.reason, by: actor.staffId, now }));
  }

  @Post(':id/referrals')
  @Roles(...HANDLERS)
  @ApiCreatedResponse({
    description: '{ id, version } — id names the referral; no response by the end of the next working day alerts the handler',
  })
  async referral(@Param('id') id: string, @Body() body: ReferralDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
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

  @Post(':id/referrals/:referralId/response')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({ description: `${COMMAND_DONE}; also on a closed concern; resolves the overdue alert` })
  referralResponse(
    @Param('id') id: string,
    @Param('referralId') referralId: string,
    @Body() body: ReferralResponseDto,
    @CurrentActor() actor: Actor,
    @Ctx() ctx: CommandContext,
  ) {
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

  @Post(':id/referrals/:referralId/follow-up')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({
    description: `${COMMAND_DONE}; chasing an agency that has not answered resolves the overdue alert and waits another working day`,
  })
  referralFollowUp(
    @Param('id') id: string,
    @Param('referralId') referralId: string,
    @Body() body: ReferralFollowUpDto,
    @CurrentActor() actor: Actor,
    @Ctx() ctx: CommandContext,
  ) {
    return this.decide(id, actor, ctx, canHandle, (now) => ({
      type: 'FollowUpReferral',
      referralId,
      followedUpAt: body.followedUpAt,
      note: body.note,
      by: actor.staffId,
      now,
    }));
  }

  @Post(':id/information-sharing')
  @Roles(...HANDLERS)
  @ApiCreatedResponse({ description: '{ id, version } — id names the decision; rationale is required unless consent was given (400)' })
  async informationSharing(
    @Param('id') id: string,
    @Body() body: InformationSharingDto,
    @CurrentActor() actor: Actor,
    @Ctx() ctx: CommandContext,
  ) {
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

  /** The concern, where it was recorded and what the actor may see of it; 404 when they may see nothing. */
  private async open(id: string, actor: Actor) {
    const found = await this.visibility.open(actor, id);
    if (found === null) throw notFound('concern');
    return found;
  }

  private async decide(
    id: string,
    actor: Actor,
    ctx: CommandContext,
    allowed: (access: ConcernAccess) => boolean,
    command: (now: string) => ConcernCommand,
    check?: (schoolId: string | null) => void,
    refusal = 'Only the DSL, deputy DSL, headteacher or case manager handling this concern can do this',
  ): Promise<{ id: string; version: number }> {
    const { access, schoolId } = await this.open(id, actor);
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

  /** The adult a concern is about, by name, for those who may see the concern (its raiser named them). */
  private async adultOf(concern: Concern): Promise<{ staffId?: string; name: string; roleDescription?: string; jobRole?: string } | null> {
    const adult = concern.aboutAdult;
    if (adult === null) return null;
    if (!adult.staffId) return { name: adult.name ?? '', ...(adult.roleDescription ? { roleDescription: adult.roleDescription } : {}) };
    const { state } = await this.runner.load(staffStream(adult.staffId), staffDecider);
    return { staffId: adult.staffId, name: state?.name ?? adult.name ?? '', ...(state ? { jobRole: state.jobRole } : {}) };
  }

  private async pupilName(id: string): Promise<PupilName> {
    const { state } = await this.runner.load(pupilStream(id), pupilDecider);
    return { id, fullName: state ? fullName(state) : null };
  }
}
