import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '#lib/kernel';
import { CurrentActor } from '#lib/auth';
import { liveSource, ReadModels } from '#lib/read-models';
import { TrainingMatrixQueryDto } from './training-matrix.dto.js';
import { TrainingMatrixService } from './training-matrix.service.js';

@ApiTags('training')
@ApiBearerAuth()
@Controller('training-matrix')
export class TrainingMatrixController {
  constructor(
    private readonly matrix: TrainingMatrixService,
    private readonly readModels: ReadModels,
  ) {}

  /** Leads and trust readers: the school's matrix; other staff: their own row. */
  @Get()
  @ApiOkResponse({
    description: '{ asOf, courses, rows: [{ staffId, name, jobRole, cells: { [course]: { status, completedOn?, expiresOn? } } }] }',
  })
  get(@Query() query: TrainingMatrixQueryDto, @CurrentActor() actor: Actor) {
    return this.matrix.matrix(actor, query, liveSource(this.readModels));
  }
}
