import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Length, Matches } from 'class-validator';

/** An ISO-8601 instant with its offset (an auditor's "as of"). */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export class SchoolScopeQueryDto {
  @ApiPropertyOptional({ description: 'For trust-level accounts: one school of their trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}

export class DateRangeQueryDto extends SchoolScopeQueryDto {
  @ApiPropertyOptional({ example: '2025-09-01', description: 'YYYY-MM-DD; the start of the school year by default' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-02', description: 'YYYY-MM-DD; today in London by default' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;
}

export class TeamTeachQueryDto extends DateRangeQueryDto {
  @ApiPropertyOptional({
    example: '2026-03-01T18:00:00Z',
    description: 'Answer as the audit stood at this instant (replayed from history)',
  })
  @IsOptional()
  @Matches(INSTANT_PATTERN, { message: 'asOf must be an ISO-8601 date-time with an offset' })
  asOf?: string;
}
