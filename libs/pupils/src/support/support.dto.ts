import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PUPIL_SEXES } from '../domain/vulnerability.js';

const DATE = { message: (a: { property: string }) => `${a.property} must be a date (YYYY-MM-DD)` };

export class BehaviourPlanDto {
  @ApiProperty({ maxLength: 4000, description: 'What staff do: triggers, early signs, what helps, what to avoid, the agreed responses' })
  @IsString()
  @MaxLength(4000)
  summary!: string;

  @ApiProperty({ example: '2026-03-01', description: 'YYYY-MM-DD, today or later' })
  @IsISO8601({ strict: true }, DATE)
  @Length(10, 10, DATE)
  reviewDueOn!: string;
}

export class BehaviourPlanReviewDto {
  @ApiProperty({ maxLength: 4000, description: 'What the review found (with the pupil, parents and staff)' })
  @IsString()
  @MaxLength(4000)
  notes!: string;

  @ApiProperty({ example: '2026-06-01', description: 'YYYY-MM-DD, today or later' })
  @IsISO8601({ strict: true }, DATE)
  @Length(10, 10, DATE)
  nextReviewDueOn!: string;
}

export class VulnerabilityDto {
  @ApiProperty() @IsBoolean() lookedAfter!: boolean;
  @ApiProperty() @IsBoolean() previouslyLookedAfter!: boolean;
  @ApiProperty() @IsBoolean() childProtectionPlan!: boolean;
  @ApiProperty() @IsBoolean() childInNeed!: boolean;
  @ApiProperty() @IsBoolean() disability!: boolean;

  @ApiProperty({ enum: PUPIL_SEXES })
  @IsIn(PUPIL_SEXES)
  sex!: string;

  @ApiPropertyOptional({ maxLength: 60, description: 'The school census ethnicity code or description, when the family has given it' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  ethnicity?: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({ description: 'ISO-8601 instant: the status as it stood then' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
