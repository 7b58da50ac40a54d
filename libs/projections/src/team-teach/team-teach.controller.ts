import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../auth/src/actor.js';
import { CurrentActor, Roles } from '../../../auth/src/decorators.js';
import { ReadModels } from '../../../read-models/src/read-models.js';
import { liveSource, replaySource } from '../shared/read-source.js';
import { TeamTeachQueryDto } from '../shared/query.dto.js';
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
      '{ from, to, summary: { incidents, fullyCompliant, breaches, byCode }, schools: [...per school totals], incidents: [{ incidentId, occurredAt, schoolId, checks, breaches }] }',
  })
  get(@Query() query: TeamTeachQueryDto, @CurrentActor() actor: Actor) {
    const { asOf, ...params } = query;
    const source = asOf === undefined ? liveSource(this.readModels) : replaySource(this.readModels, new Date(asOf));
    return this.teamTeach.audit(actor, params, source);
  }
}
