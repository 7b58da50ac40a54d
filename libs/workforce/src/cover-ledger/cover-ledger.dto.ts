import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';

export const ISO_WEEK_PATTERN = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

export class CoverLedgerQueryDto {
  @ApiPropertyOptional({ example: '2026-W10', description: 'ISO week (YYYY-Www); this week in London by default' })
  @IsOptional()
  @Matches(ISO_WEEK_PATTERN, { message: 'week must be an ISO week (YYYY-Www)' })
  week?: string;

  @ApiPropertyOptional({ description: 'For trust-level accounts: one school of their trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}
