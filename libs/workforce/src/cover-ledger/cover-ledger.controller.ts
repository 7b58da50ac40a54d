import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#lib/kernel';
import { CurrentActor } from '#lib/auth';
import { liveSource, ReadModels } from '#lib/read-models';
import { CoverLedgerQueryDto } from './cover-ledger.dto.js';
import { CoverLedgerService } from './cover-ledger.service.js';

@ApiTags('cover')
@ApiBearerAuth()
@Controller('cover-ledger')
export class CoverLedgerController {
  constructor(
    private readonly ledger: CoverLedgerService,
    private readonly readModels: ReadModels,
  ) {}

  /** Headteacher, DSL and trust readers: every row; other staff: their own. */
  @Get()
  @ApiOkResponse({
    description:
      '{ week, capPercent, rows: [{ staffId, name, coverMinutes, contractedMinutes, percent, overCap, longAssignments?, lessonWithoutHlta? }] }',
  })
  get(@Query() query: CoverLedgerQueryDto, @CurrentActor() actor: Actor) {
    return this.ledger.ledger(actor, query, liveSource(this.readModels));
  }
}
