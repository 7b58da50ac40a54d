import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PUPIL_YEAR_GROUPS } from './domain/events.js';

export class RegisterPupilDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MaxLength(100)
  firstName!: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @MaxLength(100)
  lastName!: string;

  @ApiProperty({ example: '2017-05-14', description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  @Length(10, 10, { message: 'dateOfBirth must be a date (YYYY-MM-DD)' })
  dateOfBirth!: string;

  @ApiProperty({ enum: PUPIL_YEAR_GROUPS })
  @IsIn(PUPIL_YEAR_GROUPS)
  yearGroup!: string;

  @ApiPropertyOptional({ description: 'Unique pupil number', example: 'A123456789012' })
  @IsOptional()
  @IsString()
  @MaxLength(13)
  upn?: string;

  @ApiProperty()
  @IsBoolean()
  sen!: boolean;

  @ApiProperty()
  @IsBoolean()
  ehcp!: boolean;
}

export class SchoolQuery {
  @ApiPropertyOptional({ description: 'For trust-level accounts: one school of their trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}

export class PupilSearchQuery extends SchoolQuery {
  @ApiPropertyOptional({ description: 'Part of the pupil’s name, any case' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
