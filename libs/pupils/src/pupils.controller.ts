import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Accounts, CurrentActor, isSchoolInReach, Roles, schoolInScope } from '#lib/auth';
import type { Actor } from '#lib/kernel';
import { type CommandContext, CommandRunner, Ctx, invalidInput, notFound } from '#lib/core';
import { pupilDecider, pupilStream } from './domain/decider.js';
import { PupilSearchQuery, RegisterPupilDto, SchoolQuery } from './pupil.dto.js';
import { fullName, PupilDirectory } from './pupil-directory.js';

@ApiTags('pupils')
@ApiBearerAuth()
@Controller('pupils')
export class PupilsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
    private readonly directory: PupilDirectory,
  ) {}

  @Post()
  @Roles('dsl', 'headteacher', 'trust_admin')
  @ApiCreatedResponse({ description: '{ id }' })
  async register(@Body() body: RegisterPupilDto, @Query() query: SchoolQuery, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    // A trust admin serves several schools, so the school is never guessed for them.
    if (actor.schoolId === null && query.schoolId === undefined) {
      throw invalidInput([{ field: 'schoolId', message: 'choose the school with ?schoolId=' }]);
    }
    const schoolId = await schoolInScope(actor, query.schoolId, this.accounts);
    const pupilId = ctx.newId('pupil');
    await this.runner.run({
      streamId: pupilStream(pupilId),
      decider: pupilDecider,
      context: ctx,
      schoolId,
      command: (_, now) => ({ type: 'RegisterPupil' as const, pupilId, ...body, schoolId, now }),
    });
    return { id: pupilId };
  }

  @Get()
  @ApiOkResponse({ description: '[{ id, firstName, lastName, fullName, yearGroup, sen, ehcp }] sorted by last name' })
  async search(@Query() query: PupilSearchQuery, @CurrentActor() actor: Actor) {
    const schoolId = await schoolInScope(actor, query.schoolId, this.accounts);
    return this.directory.search(actor, schoolId, query.search);
  }

  @Get(':id')
  @ApiOkResponse({ description: '{ id, firstName, lastName, fullName, dateOfBirth, yearGroup, upn, sen, ehcp, schoolId, registeredAt }' })
  async get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    const { state: pupil } = await this.runner.load(pupilStream(id), pupilDecider);
    if (pupil === null || !(await isSchoolInReach(actor, pupil.schoolId, this.accounts))) throw notFound('pupil');
    // The plan and the vulnerability record have routes of their own, each with its readers.
    const { pupilId, vulnerability: _v, behaviourPlan: _p, ...rest } = pupil;
    return { id: pupilId, ...rest, fullName: fullName(pupil) };
  }
}
