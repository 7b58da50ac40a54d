import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Accounts, CurrentActor, isSchoolInReach, Roles } from '#lib/auth';
import { type CommandContext, CommandRunner, Ctx, notFound } from '#lib/core';
import { type Actor, hasRole } from '#lib/kernel';
import { pupilDecider, type Pupil, pupilStream } from '../domain/decider.js';
import type { PupilEvent } from '../domain/events.js';
import { type PupilSex, type PupilVulnerability, readVulnerability } from '../domain/vulnerability.js';
import { AsOfQuery, BehaviourPlanDto, BehaviourPlanReviewDto, VulnerabilityDto } from './support.dto.js';

/** Who writes plans and records vulnerability: the school's safeguarding leads. */
export const PUPIL_SUPPORT_WRITERS = ['dsl', 'deputy_dsl', 'headteacher'] as const;
/** Who reads the vulnerability record: the leads and the trust's auditors. */
const VULNERABILITY_READERS = [...PUPIL_SUPPORT_WRITERS, 'trust_auditor'] as const;

/**
 * A pupil's behaviour support (positive handling) plan and their vulnerability over time. The plan
 * is read by every member of staff of the pupil's school (anyone may meet the child in a crisis and
 * must follow it) and the trust's auditors; the vulnerability record only by the leads and auditors.
 */
@ApiTags('pupils')
@ApiBearerAuth()
@Controller('pupils/:id')
export class PupilSupportController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
  ) {}

  private async pupilFor(actor: Actor, id: string): Promise<{ pupil: Pupil; events: PupilEvent[]; version: number }> {
    const { state, events, version } = await this.runner.load(pupilStream(id), pupilDecider);
    // Trust admins manage people, not children's plans.
    const reaches = state !== null && !(actor.schoolId === null && !hasRole(actor, 'trust_auditor'));
    if (!reaches || !(await isSchoolInReach(actor, state.schoolId, this.accounts))) throw notFound('pupil');
    return {
      pupil: state,
      events: events.map((e) => ({ type: e.type, schemaVersion: e.schemaVersion, data: e.data }) as PupilEvent),
      version,
    };
  }

  private async run(id: string, ctx: CommandContext, command: (now: string) => Parameters<typeof pupilDecider.decide>[0]) {
    const { pupil } = await this.pupilFor(ctx.actor, id);
    const result = await this.runner.run({
      streamId: pupilStream(id),
      decider: pupilDecider,
      context: ctx,
      schoolId: pupil.schoolId,
      command: (_, now) => command(now),
    });
    return { state: result.state, version: result.version };
  }

  @Post('behaviour-support-plan')
  @Roles(...PUPIL_SUPPORT_WRITERS)
  @ApiCreatedResponse({ description: '{ id, revision, version }: the plan, or a revision of the plan in force' })
  async recordPlan(@Param('id') id: string, @Body() body: BehaviourPlanDto, @Ctx() ctx: CommandContext) {
    const { state, version } = await this.run(id, ctx, (now) => ({ type: 'RecordBehaviourPlan', ...body, by: ctx.actor.staffId, now }));
    return { id, revision: state?.behaviourPlan?.revision ?? null, version };
  }

  @Post('behaviour-support-plan/review')
  @HttpCode(200)
  @Roles(...PUPIL_SUPPORT_WRITERS)
  @ApiOkResponse({ description: '{ id, version }: the plan reviewed; it stays in force until nextReviewDueOn' })
  async reviewPlan(@Param('id') id: string, @Body() body: BehaviourPlanReviewDto, @Ctx() ctx: CommandContext) {
    const { version } = await this.run(id, ctx, (now) => ({ type: 'ReviewBehaviourPlan', ...body, by: ctx.actor.staffId, now }));
    return { id, version };
  }

  @Get('behaviour-support-plan')
  @ApiOkResponse({
    description: '{ revision, summary, reviewDueOn, recordedBy, recordedAt, reviews: [...], version }; 404 when there is none',
  })
  async readPlan(@Param('id') id: string, @CurrentActor() actor: Actor) {
    const { pupil, version } = await this.pupilFor(actor, id);
    if (pupil.behaviourPlan === null) throw notFound('behaviour support plan');
    return { ...pupil.behaviourPlan, version };
  }

  @Post('vulnerability')
  @HttpCode(200)
  @Roles(...PUPIL_SUPPORT_WRITERS)
  @ApiOkResponse({ description: '{ id, version }: the status in force from now on (the same status again stores nothing)' })
  async recordVulnerability(@Param('id') id: string, @Body() body: VulnerabilityDto, @Ctx() ctx: CommandContext) {
    const vulnerability: PupilVulnerability = { ...body, sex: body.sex as PupilSex, ethnicity: body.ethnicity ?? null };
    const { version } = await this.run(id, ctx, (now) => ({ type: 'RecordPupilVulnerability', vulnerability, by: ctx.actor.staffId, now }));
    return { id, version };
  }

  @Get('vulnerability')
  @Roles(...VULNERABILITY_READERS)
  @ApiOkResponse({
    description:
      '{ current, history: [{ from, lookedAfter, previouslyLookedAfter, childProtectionPlan, childInNeed, disability, sex, ethnicity, recordedBy }] }; ' +
      '`?asOf=` gives `current` as it stood then (null: nothing recorded by then)',
  })
  async readVulnerability(@Param('id') id: string, @Query() query: AsOfQuery, @CurrentActor() actor: Actor) {
    const { events } = await this.pupilFor(actor, id);
    const history = events.flatMap((e) =>
      e.type === 'PupilVulnerabilityRecorded'
        ? [{ from: e.data.changedAt, ...readVulnerability(e.data), recordedBy: e.data.recordedBy }]
        : [],
    );
    const at = query.asOf === undefined ? Infinity : Date.parse(query.asOf);
    const current = history.filter((h) => Date.parse(h.from) <= at).at(-1) ?? null;
    return { current, history };
  }
}
