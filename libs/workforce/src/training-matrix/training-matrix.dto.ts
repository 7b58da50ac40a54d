import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Length } from 'class-validator';
import { JOB_ROLES } from '../domain/staff/vocabulary.js';

export class TrainingMatrixQueryDto {
  @ApiPropertyOptional({ example: '2026-03-02', description: 'YYYY-MM-DD; today in London by default' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'asOf must be a date (YYYY-MM-DD)' })
  asOf?: string;

  @ApiPropertyOptional({ enum: JOB_ROLES })
  @IsOptional()
  @IsIn(JOB_ROLES)
  jobRole?: string;

  @ApiPropertyOptional({ description: 'For trust-level accounts: one school of their trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}
