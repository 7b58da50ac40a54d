import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '#lib/auth';
import { type CommandContext, Ctx } from '#lib/core';
import { INCIDENT_REVIEWER_ROLES } from './domain/vocabulary.js';
import { CorrectionDto, DebriefDto, ParentNotificationDto, RecordIncidentDto, ReviewDto } from './incident.dto.js';
import { Incidents } from './incidents.js';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: Incidents) {}

  @Post()
  @ApiCreatedResponse({ description: '{ id }' })
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
