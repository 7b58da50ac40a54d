import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Accounts, CurrentActor, isSchoolInReach, Roles } from '#lib/auth';
import type { Actor } from '#lib/kernel';
import { type CommandContext, CommandRunner, Ctx, notFound } from '#lib/core';
import { pupilDecider, pupilStream } from '../domain/decider.js';
import { Erasure } from './erasure.service.js';
import { OptionalReasonDto, ReasonDto } from './privacy.dto.js';

/** Erasure and legal holds of a pupil's records: the headteacher of the school, or a trust admin of its trust. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('pupils')
export class PrivacyController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
    private readonly erasure: Erasure,
  ) {}

  @Get(':id/privacy')
  @Roles('dsl', 'deputy_dsl', 'headteacher', 'trust_admin', 'trust_auditor')
  @ApiOkResponse({ description: '{ id, legalHold, eligibleOn, erasedAt, version }' })
  async status(@Param('id') id: string, @CurrentActor() actor: Actor) {
    await this.schoolOf(id, actor);
    const { state, version } = await this.erasure.state(id);
    return { id, legalHold: state.onHold, eligibleOn: state.eligibleOn, erasedAt: state.erasedAt, version };
  }

  @Post(':id/erase')
  @HttpCode(200)
  @Roles('headteacher', 'trust_admin')
  @ApiOkResponse({ description: '{ id, version }; 422 privacy.legal_hold under a legal hold' })
  async erase(@Param('id') id: string, @Body() body: ReasonDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    const schoolId = await this.schoolOf(id, actor);
    const { version } = await this.erasure.erase(id, 'pupil', body.reason, ctx, schoolId);
    return { id, version };
  }

  @Post(':id/legal-hold')
  @HttpCode(200)
  @Roles('headteacher', 'trust_admin')
  @ApiOkResponse({ description: '{ id, version }' })
  async placeHold(@Param('id') id: string, @Body() body: ReasonDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    const schoolId = await this.schoolOf(id, actor);
    const { version } = await this.erasure.hold('PlaceLegalHold', id, 'pupil', body.reason, ctx, schoolId);
    return { id, version };
  }

  @Delete(':id/legal-hold')
  @HttpCode(200)
  @Roles('headteacher', 'trust_admin')
  @ApiOkResponse({ description: '{ id, version }; 422 privacy.no_legal_hold when there is none' })
  async liftHold(@Param('id') id: string, @Body() body: OptionalReasonDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    const schoolId = await this.schoolOf(id, actor);
    const { version } = await this.erasure.hold('LiftLegalHold', id, 'pupil', body.reason ?? '', ctx, schoolId);
    return { id, version };
  }

  /** The pupil's school when the actor may reach it; otherwise 404, as for any record out of reach. */
  private async schoolOf(pupilId: string, actor: Actor): Promise<string> {
    const { state: pupil } = await this.runner.load(pupilStream(pupilId), pupilDecider);
    if (pupil === null || !(await isSchoolInReach(actor, pupil.schoolId, this.accounts))) throw notFound('pupil');
    return pupil.schoolId;
  }
}
