import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Accounts, CurrentActor, Roles } from '#lib/auth';
import type { Actor } from '#lib/kernel';
import { type CommandContext, CommandRunner, Ctx, forbidden, notFound } from '#lib/core';
import { staffDecider, staffStream } from '../domain/staff/decider.js';
import { trainingRecorderAccess, trustSchoolsOf } from '../staff/staff-access.js';
import { StaffRecords } from '../staff/staff-records.js';
import { RecordTrainingDto, TrainingReferenceDto } from './training.dto.js';
import { TrainingReferenceService } from './training-reference.service.js';

@ApiTags('training')
@ApiBearerAuth()
@Controller()
export class TrainingController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
    private readonly records: StaffRecords,
    private readonly references: TrainingReferenceService,
  ) {}

  @Post('staff/:staffId/training')
  @ApiCreatedResponse({ description: '{ id }: the completion' })
  async record(
    @Param('staffId') staffId: string,
    @Body() body: RecordTrainingDto,
    @CurrentActor() actor: Actor,
    @Ctx() ctx: CommandContext,
  ) {
    const record = await this.records.load(staffId);
    const access = record === null ? 'hidden' : trainingRecorderAccess(actor, record.staff, await trustSchoolsOf(actor, this.accounts));
    if (record === null || access === 'hidden') throw notFound('member of staff');
    if (access === 'forbidden')
      throw forbidden('Only the member of staff, the DSL, the headteacher or a trust admin can record their training');
    // Whoever may act on this staff member is in their trust, so the actor's trust names the reference.
    const reference = await this.references.forTrust(actor.trustId);
    const completionId = ctx.newId('training-completion');
    await this.runner.run({
      streamId: staffStream(staffId),
      decider: staffDecider,
      context: ctx,
      schoolId: record.staff.schoolId,
      command: (_, now) => ({ type: 'RecordTrainingCompletion' as const, completionId, ...body, reference, now }),
    });
    return { id: completionId };
  }

  @Get('training-reference')
  @ApiOkResponse({ description: "{ courses, requiredByJobRole }: the caller's trust's reference (the default until the trust changes it)" })
  reference(@CurrentActor() actor: Actor) {
    return this.references.forTrust(actor.trustId);
  }

  @Put('training-reference')
  @HttpCode(200)
  @Roles('trust_admin')
  @ApiOkResponse({ description: '{ id: trustId, version }; the whole reference is replaced' })
  changeReference(@Body() body: TrainingReferenceDto, @Ctx() ctx: CommandContext) {
    return this.references.change(body, ctx);
  }
}
