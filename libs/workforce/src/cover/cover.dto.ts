import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsText } from '../staff/staff.dto.js';

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class CoverOverrideDto {
  @ApiProperty({ maxLength: 1000, description: 'Why the cover cap is exceeded this week' })
  @IsText(1000)
  reason!: string;
}

export class AssignCoverDto {
  @ApiProperty({ format: 'uuid', description: 'The member of staff who covers' })
  @IsUUID()
  staffId!: string;

  @ApiProperty({ maxLength: 100, example: '4B' })
  @IsText(100)
  classGroup!: string;

  @ApiProperty({ example: '2026-03-02', description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ example: '09:00', description: 'HH:MM, school time' })
  @Matches(CLOCK_TIME, { message: 'start must be a time (HH:MM)' })
  start!: string;

  @ApiProperty({ example: '10:00', description: 'HH:MM, school time, after start' })
  @Matches(CLOCK_TIME, { message: 'end must be a time (HH:MM)' })
  end!: string;

  @ApiProperty({ maxLength: 1000 })
  @IsText(1000)
  reason!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  absentTeacherId?: string;

  @ApiProperty({ description: 'Teaching the lesson rather than supervising pre-set work (HLTA only)' })
  @IsBoolean()
  deliversLesson!: boolean;

  @ApiPropertyOptional({ type: CoverOverrideDto, description: 'Headteacher only: goes over the weekly cover cap' })
  @IsOptional()
  // ValidateNested alone lets an array of them through.
  @IsObject()
  @ValidateNested()
  @Type(() => CoverOverrideDto)
  override?: CoverOverrideDto;
}

export class CancelCoverDto {
  @ApiProperty({ maxLength: 1000 })
  @IsText(1000)
  reason!: string;
}
