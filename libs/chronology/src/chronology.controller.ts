import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequiresRecentMfa, Roles } from '#lib/auth';
import { type CommandContext, Ctx } from '#lib/core';
import { ApiFormatQuery, pdfFile, recordFormat } from '#lib/printing';
import { liveSource, ReadModels } from '#lib/read-models';
import { CHRONOLOGY_READERS } from './chronology.access.js';
import { ChronologyService } from './chronology.service.js';

@ApiTags('pupils')
@ApiBearerAuth()
@Controller('pupils')
export class ChronologyController {
  constructor(
    private readonly chronology: ChronologyService,
    private readonly readModels: ReadModels,
  ) {}

  /**
   * Everything about one pupil by when it happened; lines recorded on a later London date than they
   * happened are `late`. Records a view. The whole file of a child: a second factor given within the
   * last 15 minutes is required (step-up).
   */
  @Get(':id/chronology')
  @Roles(...CHRONOLOGY_READERS)
  @RequiresRecentMfa()
  @ApiFormatQuery()
  @ApiOkResponse({
    description:
      '[{ occurredAt, recordedAt, late, kind, summary, ref: { concernId? | incidentId? } }]; ?format=pdf: application/pdf to print',
  })
  async get(
    @Param('id') id: string,
    @Query('format') format: unknown,
    @Ctx() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (recordFormat(format) !== 'pdf') return this.chronology.chronology(ctx.actor, id, ctx, liveSource(this.readModels));
    return pdfFile(res, await this.chronology.printed(ctx.actor, id, ctx, liveSource(this.readModels)), `chronology-${id}.pdf`);
  }
}
