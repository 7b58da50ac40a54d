import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Accounts, CurrentActor, Roles, schoolInScope } from '#lib/auth';
import { type CommandContext, Ctx, forbidden, linkNext } from '#lib/core';
import { type Actor, hasRole } from '#lib/kernel';
import { PupilDirectory } from '#lib/pupils';
import { INCIDENT_REVIEWER_ROLES, PARENT_NOTIFICATION_EXEMPTION_ROLES } from './domain/vocabulary.js';
import { IncidentList } from './incident-list/incident-list.js';
import {
  CorrectionDto,
  DebriefDto,
  IncidentListQuery,
  ParentNotificationDto,
  ParentNotificationExemptionDto,
  RecordIncidentDto,
  ReviewDto,
} from './incident.dto.js';
import { Incidents } from './incidents.js';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: Incidents,
    private readonly list: IncidentList,
    private readonly accounts: Accounts,
    private readonly pupils: PupilDirectory,
  ) {}

  @Get()
  @ApiOkResponse({
    description:
      'Newest first: [{ id, pupil: { id, name }, occurredAt, recordedAt, location, interventionType, recordedBy, involvesMe, outstanding: [followUp] }]. ' +
      'Leads and trust auditors: every incident of the school; other staff: those they recorded or took part in. `?mine=true`: only those. ' +
      'A page of `limit` (100); Link rel="next" names the next.',
  })
  async listIncidents(
    @Query() query: IncidentListQuery,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // Of the trust-level roles only auditors read incidents (admins manage people; the safeguarding lead manages allegations).
    if (actor.schoolId === null && !hasRole(actor, 'trust_auditor')) throw forbidden('Only trust auditors read incidents at trust level');
    const schoolId = await schoolInScope(actor, query.schoolId, this.accounts);
    const page = await this.list.page(actor, schoolId, { mine: query.mine === 'true', cursor: query.cursor, limit: query.limit });
    linkNext(req, res, page.next);
    const names = new Map(page.items.length === 0 ? [] : (await this.pupils.search(actor, schoolId)).map((p) => [p.id, p.fullName]));
    return page.items.map(({ pupilId, ...item }) => ({ ...item, pupil: { id: pupilId, name: names.get(pupilId) ?? null } }));
  }

  @Post()
  @ApiCreatedResponse({
    description: '{ id, suggestConcern: { pupilId, message } | null } — an injury to the pupil suggests raising a safeguarding concern',
  })
  record(@Body() body: RecordIncidentDto, @Ctx() ctx: CommandContext) {
    return this.incidents.record(body, ctx);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The incident with corrections applied, its corrections, history and version' })
  read(@Param('id') id: string, @Ctx() ctx: CommandContext) {
    return this.incidents.read(id, ctx);
  }

  @Post(':id/parent-notification')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ id, version }' })
  notifyParent(@Param('id') id: string, @Body() body: ParentNotificationDto, @Ctx() ctx: CommandContext) {
    return this.incidents.notifyParent(id, body, ctx);
  }

  @Post(':id/parent-notification-exemption')
  @HttpCode(200)
  @Roles(...PARENT_NOTIFICATION_EXEMPTION_ROLES)
  @ApiOkResponse({ description: '{ id, version } — parents not told: telling them would put the child at risk of significant harm' })
  exemptParentNotification(@Param('id') id: string, @Body() body: ParentNotificationExemptionDto, @Ctx() ctx: CommandContext) {
    return this.incidents.exemptParentNotification(id, body, ctx);
  }

  @Post(':id/debriefs')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ id, version }' })
  recordDebrief(@Param('id') id: string, @Body() body: DebriefDto, @Ctx() ctx: CommandContext) {
    return this.incidents.recordDebrief(id, body, ctx);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles(...INCIDENT_REVIEWER_ROLES)
  @ApiOkResponse({ description: '{ id, version }' })
  review(@Param('id') id: string, @Body() body: ReviewDto, @Ctx() ctx: CommandContext) {
    return this.incidents.review(id, body, ctx);
  }

  @Post(':id/corrections')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ id, version }' })
  correct(@Param('id') id: string, @Body() body: CorrectionDto, @Ctx() ctx: CommandContext) {
    return this.incidents.correct(id, body, ctx);
  }
}
