import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ALERT_STATUSES } from '#lib/alerts';
import { ISO_WEEK_PATTERN, JOB_ROLES } from '#lib/workforce';
import { DateRangeQueryDto, IsInstant, PageQueryDto } from '#lib/core';

export class AuditEventsQueryDto {
  @ApiPropertyOptional({ description: 'Where the previous page ended (from its Link rel="next"); instead of fromPosition' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ description: 'Only this stream (e.g. incident-<id>)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  stream?: string;

  @ApiPropertyOptional({ description: 'Events after this global position (exclusive)', default: 0, maximum: Number.MAX_SAFE_INTEGER })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // Positions are int8 in PostgreSQL; past 2^53 a JavaScript number is no longer the integer asked for.
  @Max(Number.MAX_SAFE_INTEGER)
  fromPosition?: number;

  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only events by this person (their staff id)' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ description: 'Only events recorded on or after this date (Europe/London)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @ApiPropertyOptional({ description: 'Only events recorded on or before this date (Europe/London)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;
}

export class AuditViewsQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'The id of the concern, incident or pupil (chronology) viewed' })
  @IsUUID()
  subject!: string;
}

/** The projections an auditor can replay. */
export const REPLAYABLE = ['alerts', 'training-matrix', 'cover-ledger', 'team-teach', 'chronology'] as const;
export type Replayable = (typeof REPLAYABLE)[number];

export const REPLAYABLE_LABELS: Record<Replayable, string> = {
  alerts: 'DSL alerts',
  'training-matrix': 'Training matrix',
  'cover-ledger': 'Cover ledger',
  'team-teach': 'Team Teach compliance',
  chronology: 'Pupil chronology',
};

export class AuditReplayQueryDto extends DateRangeQueryDto {
  @ApiProperty({ enum: REPLAYABLE })
  @IsIn(REPLAYABLE)
  projection!: Replayable;

  @ApiProperty({ example: '2026-03-01T18:00:00Z', description: 'Rebuild from every event recorded up to this instant' })
  @IsInstant()
  asOf!: string;

  @ApiPropertyOptional({ description: 'training-matrix: the date the statuses are judged on (the London date of asOf by default)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'date must be a date (YYYY-MM-DD)' })
  date?: string;

  @ApiPropertyOptional({ enum: JOB_ROLES, description: 'training-matrix' })
  @IsOptional()
  @IsIn(JOB_ROLES)
  jobRole?: string;

  @ApiPropertyOptional({ description: 'cover-ledger: ISO week (the week of asOf by default)' })
  @IsOptional()
  @Matches(ISO_WEEK_PATTERN, { message: 'week must be an ISO week (YYYY-Www)' })
  week?: string;

  @ApiPropertyOptional({ enum: ALERT_STATUSES, description: 'alerts' })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: (typeof ALERT_STATUSES)[number];

  @ApiPropertyOptional({ description: 'chronology: the pupil' })
  @IsOptional()
  @IsUUID()
  pupilId?: string;
}
