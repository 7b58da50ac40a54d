import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '#lib/auth';
import type { Actor } from '#lib/kernel';
import { type CommandContext, CommandRunner, Ctx, notFound } from '#lib/core';
import { pupilDecider, pupilStream } from '#lib/pupils';
import { DslEntryDto } from './concern.dto.js';
import { dslRecordDecider, dslRecordStream, isDslEntryLate } from './domain/dsl-record.js';

/** The safeguarding leads who keep a pupil's file (KCSIE: the DSL, and deputies trained to the same standard). */
const RECORD_KEEPERS = ['dsl', 'deputy_dsl', 'headteacher'] as const;

@ApiTags('pupils')
@ApiBearerAuth()
@Controller('pupils')
export class DslRecordController {
  constructor(private readonly runner: CommandRunner) {}

  @Post(':id/chronology-entries')
  @Roles(...RECORD_KEEPERS)
  @ApiCreatedResponse({
    description:
      '{ id, late } — the entry shows in the pupil’s chronology by when it happened; late when written up after the end of the next working day',
  })
  async record(@Param('id') pupilId: string, @Body() body: DslEntryDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    const { state: pupil } = await this.runner.load(pupilStream(pupilId), pupilDecider);
    // A pupil of another school is "not found", as on every pupil route.
    if (pupil === null || actor.schoolId === null || pupil.schoolId !== actor.schoolId) throw notFound('pupil');
    const entryId = ctx.newId('dsl-entry');
    const { events } = await this.runner.run({
      streamId: dslRecordStream(pupilId),
      decider: dslRecordDecider,
      context: ctx,
      schoolId: pupil.schoolId,
      occurredAt: () => body.occurredAt,
      command: (_, now) => ({
        type: 'RecordDslEntry' as const,
        entryId,
        pupilId,
        kind: body.kind,
        occurredAt: body.occurredAt,
        summary: body.summary,
        details: body.details,
        by: actor.staffId,
        now,
      }),
    });
    const recorded = events[0]!.data;
    return { id: entryId, late: isDslEntryLate(recorded.occurredAt, recorded.recordedAt) };
  }
}
