import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PageQueryDto } from '#lib/core';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ALLEGATION_OUTCOMES,
  type AllegationOutcome,
  CONCERN_CATEGORIES,
  CONCERN_CLOSURE_REASON_CODES,
  CONCERN_RISK_LEVELS,
  CONCERN_TRIAGE_DECISIONS,
  CONCERN_URGENCIES,
  type ConcernRiskLevel,
  type ConcernTriageDecision,
  type ConcernUrgency,
  CONSENT_BASES,
  type ConsentBasis,
  DSL_ENTRY_KINDS,
  type DslEntryKind,
  REFERRAL_AGENCIES,
  REFERRAL_OUTCOMES,
  type ReferralAgency,
  type ReferralOutcome,
} from './domain/vocabulary.js';

/*
 * The DTOs bound sizes and types; the business limits (1–3 categories, summary ≤ 200 characters,
 * known categories and reason codes) are the decider's, so a breach is a 422 naming the rule.
 */

export class AdultSubjectDto {
  @ApiPropertyOptional({ description: 'The staff member the concern is about' })
  @IsOptional()
  @IsUUID()
  staffId?: string;

  @ApiPropertyOptional({ description: 'Or the adult’s name (volunteer, contractor, supply or agency worker, visitor)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'What a named adult does at the school (e.g. "volunteer reader", "supply teacher")', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  roleDescription?: string;
}

export class BodyMapMarkDto {
  @ApiProperty({ maxLength: 100, example: 'left forearm' })
  @IsString()
  @MaxLength(100)
  region!: string;

  @ApiProperty({ maxLength: 1000, example: 'bruise, about 2cm' })
  @IsString()
  @MaxLength(1000)
  note!: string;
}

export class RaiseConcernDto {
  @ApiProperty({ type: [String], description: 'Pupils of your school; may be empty for a concern about an adult' })
  @IsArray()
  @ArrayMaxSize(30)
  @IsUUID(undefined, { each: true })
  pupilIds!: string[];

  @ApiProperty({ enum: CONCERN_CATEGORIES, isArray: true, description: '1 to 3 of the trust’s categories (GET /api/concern-categories)' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  categories!: string[];

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MaxLength(2000)
  summary!: string;

  @ApiProperty({ maxLength: 20000, description: 'What was seen or said, in the words used' })
  @IsString()
  @MaxLength(20000)
  details!: string;

  @ApiProperty({ example: '2026-03-02T08:45:00+00:00', description: 'When it happened (with offset)' })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiProperty({ enum: CONCERN_URGENCIES })
  @IsIn(CONCERN_URGENCIES)
  urgency!: ConcernUrgency;

  @ApiProperty()
  @IsBoolean()
  informedDslVerbally!: boolean;

  @ApiPropertyOptional({
    type: AdultSubjectDto,
    description:
      'Set when the concern is about an adult: it goes to the case manager (the headteacher; the trust’s safeguarding lead when it is about the headteacher)',
  })
  @IsOptional()
  // ValidateNested alone lets an array of them through.
  @IsObject()
  @ValidateNested()
  @Type(() => AdultSubjectDto)
  aboutAdult?: AdultSubjectDto;

  @ApiPropertyOptional({ description: 'A low-level concern about an adult' })
  @IsOptional()
  @IsBoolean()
  lowLevel?: boolean;

  @ApiPropertyOptional({ description: 'The adult concerned is you: you are reporting yourself' })
  @IsOptional()
  @IsBoolean()
  selfReport?: boolean;

  @ApiPropertyOptional({ type: [BodyMapMarkDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BodyMapMarkDto)
  bodyMap?: BodyMapMarkDto[];
}

export class TriageConcernDto {
  @ApiProperty({ enum: CONCERN_RISK_LEVELS })
  @IsIn(CONCERN_RISK_LEVELS)
  riskLevel!: ConcernRiskLevel;

  @ApiProperty({ enum: CONCERN_TRIAGE_DECISIONS })
  @IsIn(CONCERN_TRIAGE_DECISIONS)
  decision!: ConcernTriageDecision;

  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @MaxLength(10000)
  rationale!: string;
}

export class AssignActionDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  description!: string;

  @ApiProperty({ description: 'A staff member of the school' })
  @IsUUID()
  assigneeId!: string;

  @ApiProperty({ example: '2026-03-09', description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'dueOn must be a date (YYYY-MM-DD)' })
  dueOn!: string;
}

export class CompleteActionDto {
  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @MaxLength(10000)
  note!: string;
}

export class AddAddendumDto {
  @ApiProperty({ maxLength: 20000 })
  @IsString()
  @MaxLength(20000)
  text!: string;
}

export class CloseConcernDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  outcome!: string;

  @ApiProperty({ enum: CONCERN_CLOSURE_REASON_CODES })
  @IsString()
  @MaxLength(60)
  reasonCode!: string;

  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @MaxLength(10000)
  rationale!: string;

  @ApiPropertyOptional({
    maxLength: 10000,
    description:
      'Close despite the closing rules (actions still open, a referral with no response, a reason at odds with the triage decision): why',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  overrideReason?: string;
}

export class ReopenConcernDto {
  @ApiProperty({ maxLength: 10000, description: 'Why the concern is reopened' })
  @IsString()
  @MaxLength(10000)
  reason!: string;
}

/** An instant with its offset, as the user gave it. */
const INSTANT = { example: '2026-03-02T11:00:00+00:00' };

export class ReferralDto {
  @ApiProperty({ enum: REFERRAL_AGENCIES })
  @IsIn(REFERRAL_AGENCIES)
  agency!: ReferralAgency;

  @ApiProperty({ ...INSTANT, description: 'When the referral was made (with offset)' })
  @IsISO8601({ strict: true })
  referredAt!: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'The agency’s reference' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Who was spoken to, and how to reach them' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  contact?: string;
}

export class ReferralFollowUpDto {
  @ApiProperty({ ...INSTANT, description: 'When the agency was chased' })
  @IsISO8601({ strict: true })
  followedUpAt!: string;

  @ApiProperty({ maxLength: 10000, description: 'Who was contacted, what was said, any escalation' })
  @IsString()
  @MaxLength(10000)
  note!: string;
}

export class ReferralResponseDto {
  @ApiProperty({ ...INSTANT, description: 'When the response was received' })
  @IsISO8601({ strict: true })
  receivedAt!: string;

  @ApiProperty({ enum: REFERRAL_OUTCOMES })
  @IsIn(REFERRAL_OUTCOMES)
  outcome!: ReferralOutcome;

  @ApiProperty({ maxLength: 10000, description: 'What the agency said or decided' })
  @IsString()
  @MaxLength(10000)
  note!: string;
}

export class InformationSharingDto {
  @ApiProperty({ maxLength: 10000, description: 'What was shared' })
  @IsString()
  @MaxLength(10000)
  what!: string;

  @ApiProperty({ maxLength: 500, description: 'With whom (person, role, organisation)' })
  @IsString()
  @MaxLength(500)
  sharedWith!: string;

  @ApiProperty({ ...INSTANT })
  @IsISO8601({ strict: true })
  sharedAt!: string;

  @ApiProperty({ enum: CONSENT_BASES })
  @IsIn(CONSENT_BASES)
  consent!: ConsentBasis;

  @ApiPropertyOptional({ maxLength: 10000, description: 'Why it was shared; required when consent was not sought or was overridden' })
  @ValidateIf((o: InformationSharingDto) => o.consent !== 'given' || o.rationale !== undefined)
  @IsString()
  @Matches(/\S/, { message: 'rationale is required when consent was not sought or was overridden' })
  @MaxLength(10000)
  rationale?: string;
}

export class DslEntryDto {
  @ApiProperty({ enum: DSL_ENTRY_KINDS })
  @IsIn(DSL_ENTRY_KINDS)
  kind!: DslEntryKind;

  @ApiProperty({ ...INSTANT, description: 'When it happened' })
  @IsISO8601({ strict: true })
  occurredAt!: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MaxLength(2000)
  summary!: string;

  @ApiProperty({ maxLength: 20000, description: 'Who took part, what was said and decided' })
  @IsString()
  @MaxLength(20000)
  details!: string;
}

export class ConcernCategoryDto {
  @ApiPropertyOptional({ description: 'lower_snake_case; made from the label when absent', maxLength: 60 })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  code?: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MaxLength(200)
  label!: string;

  @ApiProperty({ maxLength: 2000, description: 'What staff see beside the category on the form' })
  @IsString()
  @MaxLength(2000)
  guidance!: string;
}

export class ChangeConcernCategoryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'A new label: concerns already raised keep the label they were raised with' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  guidance?: string;
}

export class ConcernCategoriesQuery {
  @ApiPropertyOptional({ description: 'true: retired categories too (to read old concerns)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeRetired?: 'true' | 'false';
}

export class ConcernListQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'For trust auditors: one school of their trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}

export class LadoReferralDto {
  @ApiProperty({ example: '2026-03-02T11:00:00+00:00', description: 'When the LADO was contacted (with offset)' })
  @IsISO8601({ strict: true })
  referredAt!: string;

  @ApiProperty({ maxLength: 200, description: 'The designated officer spoken to' })
  @IsString()
  @MaxLength(200)
  officer!: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'The LADO’s reference for the case' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;

  @ApiProperty({ maxLength: 10000, description: 'The advice given, in the words used' })
  @IsString()
  @MaxLength(10000)
  advice!: string;
}

export class AllegationOutcomeDto {
  @ApiProperty({ enum: ALLEGATION_OUTCOMES })
  @IsIn(ALLEGATION_OUTCOMES)
  outcome!: AllegationOutcome;

  @ApiProperty({ example: '2026-03-20T15:00:00+00:00' })
  @IsISO8601({ strict: true })
  decidedAt!: string;

  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @MaxLength(10000)
  rationale!: string;
}
