import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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
import { PageQueryDto } from '#lib/core';
import { BODY_MAP_REGIONS } from '#lib/kernel';
import {
  CORRECTABLE_INCIDENT_FIELDS,
  type CorrectableIncidentField,
  DEBRIEF_KINDS,
  type DebriefKind,
  INCIDENT_FORCE_TYPES,
  INCIDENT_REASONS,
  type IncidentForceType,
  type IncidentReason,
  INJURED_PERSONS,
  type InjuredPerson,
  INTERVENTION_TYPES,
  type InterventionType,
  PARENT_NOTIFICATION_METHODS,
  PARENT_RELATIONSHIPS,
  type ParentNotificationMethod,
  type ParentRelationship,
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

/** A registered member of staff by `staffId`, or an agency worker or volunteer by `name` and `roleDescription`. */
export class StaffInvolvementDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A registered member of staff (instead of name and roleDescription)' })
  @ValidateIf((o: StaffInvolvementDto) => o.name === undefined || o.staffId !== undefined)
  @IsUUID()
  staffId?: string;

  @ApiPropertyOptional({ maxLength: SHORT_TEXT, description: 'Someone not registered (agency staff, a volunteer): their name' })
  @ValidateIf((o: StaffInvolvementDto) => o.staffId === undefined || o.name !== undefined)
  @IsText(SHORT_TEXT)
  name?: string;

  @ApiPropertyOptional({ maxLength: SHORT_TEXT, description: 'With name: their role, e.g. "Agency teaching assistant"' })
  @ValidateIf((o: StaffInvolvementDto) => o.name !== undefined || o.roleDescription !== undefined)
  @IsText(SHORT_TEXT)
  roleDescription?: string;

  @ApiProperty({
    type: [String],
    description: `Holds used, at least one where the type uses holds (physical restraint, guide/escort), none otherwise; Team Teach names: ${TEAM_TEACH_HOLDS.join(', ')} (other approved holds allowed)`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsText(100, true)
  holds!: string[];

  @ApiPropertyOptional({ maxLength: LONG_TEXT, description: "Why this person's action was reasonable, necessary and proportionate" })
  @IsOptional()
  @IsText(LONG_TEXT)
  justification?: string;
}

export class InjuryDto {
  @ApiProperty({ enum: INJURED_PERSONS })
  @IsIn(INJURED_PERSONS)
  person!: InjuredPerson;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member of staff injured (person: staff), when registered' })
  @IsOptional()
  @IsUUID()
  staffId?: string;

  @ApiProperty({ maxLength: LONG_TEXT })
  @IsText(LONG_TEXT)
  description!: string;

  @ApiPropertyOptional({ type: [String], enum: BODY_MAP_REGIONS, description: 'Regions of the body map (front and back)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BODY_MAP_REGIONS.length)
  @ArrayUnique()
  @IsIn(BODY_MAP_REGIONS, { each: true })
  bodyMap?: string[];

  @ApiProperty()
  @IsBoolean()
  firstAidGiven!: boolean;

  @ApiProperty()
  @IsBoolean()
  medicalAttention!: boolean;

  @ApiProperty({ description: 'Reportable to the HSE under RIDDOR' })
  @IsBoolean()
  riddorReportable!: boolean;
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
  @ArrayUnique((s: StaffInvolvementDto) => s?.staffId ?? s?.name, { message: 'each member of staff may appear once in $property' })
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

  @ApiPropertyOptional({ enum: INTERVENTION_TYPES, description: 'Required unless the v1 forceType is given' })
  @ValidateIf((o: RecordIncidentDto) => o.forceType === undefined || o.interventionType !== undefined)
  @IsIn(INTERVENTION_TYPES)
  interventionType?: InterventionType;

  @ApiPropertyOptional({ enum: INCIDENT_FORCE_TYPES, deprecated: true, description: 'v1: mapped to interventionType' })
  @IsOptional()
  @IsIn(INCIDENT_FORCE_TYPES)
  forceType?: IncidentForceType;

  @ApiProperty({ enum: INCIDENT_REASONS })
  @IsIn(INCIDENT_REASONS)
  reason!: IncidentReason;

  @ApiPropertyOptional({ type: [InjuryDto], description: 'Every injury to the pupil or to staff (none: empty or absent)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_STAFF)
  @ValidateNested({ each: true })
  @Type(() => InjuryDto)
  injuries?: InjuryDto[];

  @ApiPropertyOptional({ maxLength: LONG_TEXT, deprecated: true, description: 'v1 free text, kept as given (use injuries)' })
  @IsOptional()
  @IsText(LONG_TEXT)
  pupilInjury?: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT, deprecated: true, description: 'v1 free text, kept as given (use injuries)' })
  @IsOptional()
  @IsText(LONG_TEXT)
  staffInjury?: string;

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

/** Who told which parent or carer, when, how and what; and when a copy of the record was sent. */
export class ParentNotificationDto {
  @ApiProperty({ format: 'date-time' })
  @IsInstant()
  notifiedAt!: string;

  @ApiProperty({ enum: PARENT_NOTIFICATION_METHODS })
  @IsIn(PARENT_NOTIFICATION_METHODS)
  method!: ParentNotificationMethod;

  @ApiProperty({ maxLength: SHORT_TEXT, description: 'A staff id or the name of whoever told the parent' })
  @IsText(SHORT_TEXT)
  notifiedBy!: string;

  @ApiProperty({ maxLength: SHORT_TEXT, description: 'The parent or carer told' })
  @IsText(SHORT_TEXT)
  parentName!: string;

  @ApiProperty({ enum: PARENT_RELATIONSHIPS })
  @IsIn(PARENT_RELATIONSHIPS)
  relationship!: ParentRelationship;

  @ApiProperty({ maxLength: LONG_TEXT, description: 'What they were told' })
  @IsText(LONG_TEXT)
  summaryShared!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When a copy of the record was sent to them' })
  @IsOptional()
  @IsInstant()
  recordCopySentAt?: string;
}

/** Parents are not told: telling them would put the child at risk of significant harm (DSL or headteacher). */
export class ParentNotificationExemptionDto {
  @ApiProperty({ maxLength: LONG_TEXT, description: 'Why telling the parents would put the child at risk of significant harm' })
  @IsText(LONG_TEXT)
  reason!: string;

  @ApiProperty({ enum: [true], description: 'The only ground for not telling parents' })
  @IsIn([true], { message: 'significantHarmRisk must be true: parents may only not be told when telling them would risk significant harm' })
  significantHarmRisk!: true;
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

export class IncidentListQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'For trust auditors: one school of their trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only incidents the caller recorded or took part in' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';
}
