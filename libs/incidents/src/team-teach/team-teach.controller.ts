import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#lib/kernel';
import { CurrentActor, Roles } from '#lib/auth';
import { liveSource, ReadModels, replaySource } from '#lib/read-models';
import { TeamTeachQueryDto } from '#lib/core';
import { TeamTeachService } from './team-teach.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audits/team-teach')
export class TeamTeachController {
  constructor(
    private readonly teamTeach: TeamTeachService,
    private readonly readModels: ReadModels,
  ) {}

  @Get()
  @Roles('dsl', 'headteacher', 'trust_auditor')
  @ApiOkResponse({
    description:
      '{ from, to, summary: { incidents, fullyCompliant, pending, breaches, byCode }, schools: [...per school totals], incidents: [{ incidentId, occurredAt, schoolId, pupilId, pupilName, interventionType, checks (true, false or "pending" while its window is open), breaches, pending, parentNotification: { status: notified | exempt (reason) | pending | not_notified } }] }',
  })
  get(@Query() query: TeamTeachQueryDto, @CurrentActor() actor: Actor) {
    const { asOf, ...params } = query;
    const source = asOf === undefined ? liveSource(this.readModels) : replaySource(this.readModels, new Date(asOf));
    return this.teamTeach.audit(actor, params, source);
  }
}
