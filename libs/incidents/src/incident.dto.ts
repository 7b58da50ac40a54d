import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CORRECTABLE_INCIDENT_FIELDS,
  type CorrectableIncidentField,
  DEBRIEF_KINDS,
  type DebriefKind,
  INCIDENT_FORCE_TYPES,
  INCIDENT_REASONS,
  type IncidentForceType,
  type IncidentReason,
  PARENT_NOTIFICATION_METHODS,
  type ParentNotificationMethod,
  TEAM_TEACH_HOLDS,
} from './domain/vocabulary.js';

const SHORT_TEXT = 200;
const LONG_TEXT = 5000;
const MAX_STAFF = 20;
const MAX_LIST = 30;

/** Required text: a string with something other than spaces in it, at most `max` characters. */
function IsText(max: number, each = false) {
  return applyDecorators(
    IsString({ each }),
    Matches(/\S/, { each, message: each ? 'each value in $property must not be blank' : '$property must not be blank' }),
    MaxLength(max, { each }),
  );
}

/** An instant as the API states them: ISO-8601 with a time and an offset. */
function IsInstant() {
  return applyDecorators(
    IsISO8601({ strict: true }),
    Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must be an ISO-8601 date-time with an offset',
    }),
  );
}

export class StaffInvolvementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  staffId!: string;

  @ApiProperty({
    type: [String],
    description: `Holds used; Team Teach names: ${TEAM_TEACH_HOLDS.join(', ')} (other approved holds allowed)`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LIST)
  @IsText(100, true)
  holds!: string[];
}

export class RecordIncidentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  pupilId!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  occurredAt!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  endedAt!: string;

  @ApiProperty({ maxLength: SHORT_TEXT })
  @IsText(SHORT_TEXT)
  location!: string;

  @ApiProperty({ type: [StaffInvolvementDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_STAFF)
  @ArrayUnique((s: StaffInvolvementDto) => s?.staffId, { message: 'each member of staff may appear once in $property' })
  @ValidateNested({ each: true })
  @Type(() => StaffInvolvementDto)
  staffInvolved!: StaffInvolvementDto[];

  @ApiProperty({ maxLength: LONG_TEXT, description: 'What led up to the incident' })
  @IsText(LONG_TEXT)
  antecedents!: string;

  @ApiProperty({ type: [String], description: 'De-escalation tried first' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LIST)
  @IsText(500, true)
  deEscalation!: string[];

  @ApiProperty({ enum: INCIDENT_FORCE_TYPES })
  @IsIn(INCIDENT_FORCE_TYPES)
  forceType!: IncidentForceType;

  @ApiProperty({ enum: INCIDENT_REASONS })
  @IsIn(INCIDENT_REASONS)
  reason!: IncidentReason;

  @ApiProperty({ maxLength: LONG_TEXT, description: 'Injury to the pupil, or "None"' })
  @IsText(LONG_TEXT)
  pupilInjury!: string;

  @ApiProperty({ maxLength: LONG_TEXT, description: 'Injury to staff, or "None"' })
  @IsText(LONG_TEXT)
  staffInjury!: string;

  @ApiProperty({ maxLength: LONG_TEXT })
  @IsText(LONG_TEXT)
  aftercare!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Staff who saw it but did not intervene' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  witnesses?: string[];
}

/** Either when, how and by whom the parent was told, or the reason they were not. */
export class ParentNotificationDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Required unless exemptionReason is given' })
  @ValidateIf((o: ParentNotificationDto) => o.exemptionReason == null || o.notifiedAt !== undefined)
  @IsInstant()
  notifiedAt?: string;

  @ApiPropertyOptional({ enum: PARENT_NOTIFICATION_METHODS, description: 'Required unless exemptionReason is given' })
  @ValidateIf((o: ParentNotificationDto) => o.exemptionReason == null || o.method !== undefined)
  @IsIn(PARENT_NOTIFICATION_METHODS)
  method?: ParentNotificationMethod;

  @ApiPropertyOptional({ maxLength: SHORT_TEXT, description: 'A staff id or the name of whoever told the parent' })
  @ValidateIf((o: ParentNotificationDto) => o.exemptionReason == null || o.notifiedBy !== undefined)
  @IsText(SHORT_TEXT)
  notifiedBy?: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT, description: 'Why the parent was not told (instead of the other fields)' })
  @IsOptional()
  @IsText(LONG_TEXT)
  exemptionReason?: string;
}

export class DebriefDto {
  @ApiProperty({ enum: DEBRIEF_KINDS })
  @IsIn(DEBRIEF_KINDS)
  kind!: DebriefKind;

  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  heldAt!: string;

  @ApiProperty({ maxLength: LONG_TEXT })
  @IsText(LONG_TEXT)
  notes!: string;
}

export class ReviewDto {
  @ApiProperty({ maxLength: LONG_TEXT })
  @IsText(LONG_TEXT)
  notes!: string;
}

export class CorrectionDto {
  @ApiProperty({ enum: CORRECTABLE_INCIDENT_FIELDS })
  @IsIn(CORRECTABLE_INCIDENT_FIELDS)
  field!: CorrectableIncidentField;

  @ApiProperty({ description: "The field's new value, shaped as in POST /api/incidents" })
  @IsDefined()
  value!: unknown;

  @ApiProperty({ maxLength: LONG_TEXT })
  @IsText(LONG_TEXT)
  reason!: string;
}

export class IncidentListQuery {
  @ApiPropertyOptional({ description: 'For trust auditors: one school of their trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only incidents the caller recorded or took part in' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';
}
