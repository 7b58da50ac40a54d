import { ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsOptional, IsUUID, Length, Matches, MaxLength } from 'class-validator';

/** An ISO-8601 instant with its offset (an auditor's "as of"). */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An instant with its offset that exists on the calendar and the clock: the pattern alone lets
 * `2026-01-01T25:61:00Z` or `2026-02-30T10:00:00Z` through to the query, which then fails (500).
 */
export function IsInstant(property = 'asOf') {
  const message = `${property} must be an ISO-8601 date-time with an offset, on the calendar (e.g. 2026-03-01T18:00:00Z)`;
  return applyDecorators(MaxLength(40, { message }), Matches(INSTANT_PATTERN, { message }), IsISO8601({ strict: true }, { message }));
}

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
  @IsInstant()
  asOf?: string;
}
