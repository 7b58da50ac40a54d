import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '#lib/auth';
import { ReadModels } from './read-models.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly readModels: ReadModels) {}

  /** Each projection's checkpoint and lag (events stored but not yet applied). */
  @Get()
  @Roles('trust_auditor', 'trust_admin', 'dsl', 'headteacher')
  status() {
    return this.readModels.status();
  }
}
