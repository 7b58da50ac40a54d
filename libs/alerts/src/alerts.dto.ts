import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MAX_RESOLUTION_NOTE_LENGTH } from './domain/alert-lifecycle.js';
import { ALERT_STATUSES, type AlertStatus } from './alert-vocabulary.js';

export class ListAlertsQuery {
  @ApiPropertyOptional({ enum: ALERT_STATUSES, description: 'Only alerts in this state (all when absent)' })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: AlertStatus;

  @ApiPropertyOptional({ description: 'Trust auditors: which school of the trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}

export class ResolveAlertDto {
  @ApiProperty({ maxLength: MAX_RESOLUTION_NOTE_LENGTH, description: 'What was done about it' })
  @IsString()
  @MaxLength(MAX_RESOLUTION_NOTE_LENGTH)
  note!: string;
}
