import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Accounts, CurrentActor, Roles } from '#lib/auth';
import { type Actor, STAFF_ROLE_LABELS } from '#lib/kernel';
import { CLOCK, type Clock, type CommandContext, CommandRunner, Ctx, linkNext, notFound, ViewLog } from '#lib/core';
import { ApiFormatQuery, pdfFile, readerLabel, recordFormat, renderPdf } from '#lib/printing';
import { fullName, pupilDecider, pupilStream } from '#lib/pupils';
import { staffDecider, staffStream } from '#lib/workforce';
import { adultOf } from './concern-adult.js';
import { ConcernList } from './concern-list/concern-list.service.js';
import { ConcernVisibility } from './concern-visibility.js';
import { concernPrint } from './concern-print.js';
import { concernDetail, type PupilName } from './concern-views.js';
import { Concerns } from './concerns.service.js';
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

/** The concerns' routes: the commands go to the Concerns service, the list to the concern-list read model. */
@ApiTags('concerns')
@ApiBearerAuth()
@Controller('concerns')
export class ConcernsController {
  constructor(
    private readonly concerns: Concerns,
    private readonly concernList: ConcernList,
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
    private readonly views: ViewLog,
    private readonly visibility: ConcernVisibility,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiCreatedResponse({ description: '{ id }' })
  raise(@Body() body: RaiseConcernDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.concerns.raise(body, actor, ctx);
  }

  @Get()
  @ApiOkResponse({
    description:
      'Newest first (then by id). DSL/deputy: the school’s concerns except those about adults; headteacher and trust auditors: all; ' +
      'other staff: those they raised, as { id, status, urgency, raisedAt, summary, pupils } only (their own account). ' +
      'A page of `limit` (100); Link rel="next" names the next. Read from the concern-list read model once it holds every ' +
      'event stored before the request (503 if it cannot catch up within 30 s)',
  })
  async list(
    @Query() query: ConcernListQuery,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const page = await this.concernList.page(actor, query);
    linkNext(req, res, page.next);
    return page.items;
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
      adult: await adultOf(this.runner, found.concern.aboutAdult),
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
    return this.concerns.acknowledge(id, actor, ctx);
  }

  @Post(':id/triage')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({ description: COMMAND_DONE })
  triage(@Param('id') id: string, @Body() body: TriageConcernDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.concerns.triage(id, body, actor, ctx);
  }

  @Post(':id/actions')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({ description: `${COMMAND_DONE}; actionId names the new action` })
  assignAction(@Param('id') id: string, @Body() body: AssignActionDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.concerns.assignAction(id, body, actor, ctx);
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
    return this.concerns.completeAction(id, actionId, body, actor, ctx);
  }

  @Post(':id/addenda')
  @HttpCode(200)
  @ApiOkResponse({ description: `${COMMAND_DONE}; the raiser or a DSL/headteacher who can see the concern` })
  addAddendum(@Param('id') id: string, @Body() body: AddAddendumDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.concerns.addAddendum(id, body, actor, ctx);
  }

  @Post(':id/lado-referral')
  @Roles(...CASE_MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({
    description: `${COMMAND_DONE}; the case manager records the referral of an allegation to the LADO and the advice given`,
  })
  ladoReferral(@Param('id') id: string, @Body() body: LadoReferralDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.concerns.ladoReferral(id, body, actor, ctx);
  }

  @Post(':id/allegation-outcome')
  @Roles(...CASE_MANAGERS)
  @HttpCode(200)
  @ApiOkResponse({ description: `${COMMAND_DONE}; one of KCSIE's five outcomes, after the LADO referral` })
  allegationOutcome(@Param('id') id: string, @Body() body: AllegationOutcomeDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.concerns.allegationOutcome(id, body, actor, ctx);
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
    return this.concerns.close(id, body, actor, ctx);
  }

  @Post(':id/reopen')
  @Roles(...HANDLERS)
  @HttpCode(200)
  @ApiOkResponse({ description: `${COMMAND_DONE}; a closed concern only, with the reason` })
  reopen(@Param('id') id: string, @Body() body: ReopenConcernDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.concerns.reopen(id, body, actor, ctx);
  }

  @Post(':id/referrals')
  @Roles(...HANDLERS)
  @ApiCreatedResponse({
    description: '{ id, version } — id names the referral; no response by the end of the next working day alerts the handler',
  })
  referral(@Param('id') id: string, @Body() body: ReferralDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.concerns.referral(id, body, actor, ctx);
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
    return this.concerns.referralResponse(id, referralId, body, actor, ctx);
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
    return this.concerns.referralFollowUp(id, referralId, body, actor, ctx);
  }

  @Post(':id/information-sharing')
  @Roles(...HANDLERS)
  @ApiCreatedResponse({ description: '{ id, version } — id names the decision; rationale is required unless consent was given (400)' })
  informationSharing(
    @Param('id') id: string,
    @Body() body: InformationSharingDto,
    @CurrentActor() actor: Actor,
    @Ctx() ctx: CommandContext,
  ) {
    return this.concerns.informationSharing(id, body, actor, ctx);
  }

  /** The concern, where it was recorded and what the actor may see of it; 404 when they may see nothing. */
  private async open(id: string, actor: Actor) {
    const found = await this.visibility.open(actor, id);
    if (found === null) throw notFound('concern');
    return found;
  }

  private async pupilName(id: string): Promise<PupilName> {
    const { state } = await this.runner.load(pupilStream(id), pupilDecider);
    return { id, fullName: state ? fullName(state) : null };
  }
}
