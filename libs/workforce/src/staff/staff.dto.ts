import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { JOB_ROLES, type JobRole, STAFF_ROLES, type StaffRole } from '../domain/staff/vocabulary.js';

/** A calendar date as the API states them (YYYY-MM-DD). */
export function IsCalendarDate() {
  return applyDecorators(IsISO8601({ strict: true }), Length(10, 10, { message: '$property must be a date (YYYY-MM-DD)' }));
}

/** Required text: a string with something other than spaces in it, at most `max` characters. */
export function IsText(max: number) {
  return applyDecorators(IsString(), Matches(/\S/, { message: '$property must not be blank' }), MaxLength(max));
}

export class RegisterStaffDto {
  @ApiProperty({ maxLength: 200 })
  @IsText(200)
  name!: string;

  @ApiProperty({ format: 'email', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: JOB_ROLES })
  @IsIn(JOB_ROLES)
  jobRole!: JobRole;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true, description: 'What the platform lets them do; at least one' })
  @IsArray()
  @ArrayMaxSize(STAFF_ROLES.length)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true })
  roles!: StaffRole[];

  @ApiProperty({ example: 32.5, description: 'More than 0, at most 60' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  contractedHoursPerWeek!: number;

  @ApiProperty({ example: '2024-09-01', description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  startDate!: string;

  @ApiPropertyOptional({ description: 'Has Higher Level Teaching Assistant status (always true for jobRole hlta)', default: false })
  @IsOptional()
  @IsBoolean()
  hlta?: boolean;
}

export class SchoolQuery {
  @ApiPropertyOptional({ description: 'For trust-level accounts: one school of their trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}

export class StaffListQuery extends SchoolQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Also list those who have left (deactivated)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includeLeavers must be true or false' })
  includeLeavers?: 'true' | 'false';
}

export class DeactivateStaffDto {
  @ApiProperty({ maxLength: 2000, description: 'Why they leave (kept encrypted, about them)' })
  @IsText(2000)
  reason!: string;
}

export class ChangeStaffRolesDto {
  @ApiProperty({ enum: STAFF_ROLES, isArray: true, description: 'Every role they have from now on; at least one' })
  @IsArray()
  @ArrayMaxSize(STAFF_ROLES.length)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true })
  roles!: StaffRole[];
}
