import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { CurrentActor, Roles } from '#lib/auth';
import { DateRangeQueryDto } from '#lib/core';
import type { Actor } from '#lib/kernel';
import { RestrictiveInterventionsService } from './ri.service.js';

export class RestrictiveInterventionsQueryDto extends DateRangeQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'pdf'], description: 'pdf: the governors’ report (counts only, nobody named)' })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

/**
 * Who reviews the pattern of restrictive interventions (DfE guidance: leaders, with governors): the
 * DSL and deputies, the headteacher, and the trust's auditors (across the trust).
 */
export const RESTRICTIVE_INTERVENTIONS_READERS = ['dsl', 'deputy_dsl', 'headteacher', 'trust_auditor'] as const;

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/restrictive-interventions')
export class RestrictiveInterventionsController {
  constructor(private readonly reports: RestrictiveInterventionsService) {}

  @Get()
  @Roles(...RESTRICTIVE_INTERVENTIONS_READERS)
  @ApiOkResponse({
    description:
      '{ from, to, schoolIds, total, pupils, byType, bySen, byDisability, bySex, byVulnerability, byYearGroup, byStaff: [{ staffId, name, incidents }], ' +
      'repeatPupils: [{ pupilId, name, incidents }], durations, injuries } — counts of incidents, each pupil as they stood at the time; ' +
      '`format=pdf`: the governors’ report (application/pdf)',
  })
  async get(@Query() query: RestrictiveInterventionsQueryDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { format, ...params } = query;
    res.setHeader('Cache-Control', 'no-store');
    if (format !== 'pdf') return this.reports.report(actor, params);
    const pdf = await this.reports.governorsPdf(actor, params);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="restrictive-interventions-${params.from ?? 'year'}-${params.to ?? 'to-date'}.pdf"`,
    });
  }
}
