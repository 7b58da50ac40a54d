import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TRAINING_COURSES, type TrainingCourse } from '../domain/staff/training-reference.js';
import type { JobRole, StaffRole } from '../domain/staff/vocabulary.js';
import { IsCalendarDate, IsText } from '../staff/staff.dto.js';

export class RecordTrainingDto {
  @ApiProperty({ description: `A course of the trust's reference, e.g. ${TRAINING_COURSES.join(', ')}`, maxLength: 50 })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'course must be a course code (lower case letters, digits and _)' })
  @MaxLength(50)
  course!: string;

  @ApiProperty({ example: '2026-01-10', description: 'YYYY-MM-DD, not in the future' })
  @IsCalendarDate()
  completedOn!: string;

  @ApiPropertyOptional({ example: '2027-01-10', description: "YYYY-MM-DD; computed from the course's validity when absent" })
  @IsOptional()
  @IsCalendarDate()
  expiresOn?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsText(200)
  provider?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsText(100)
  certificateRef?: string;
}

/** Checked field by field by `parseTrainingReference`, which names nested fields better than nested DTOs of maps could. */
export class TrainingReferenceDto {
  @ApiProperty({
    description: 'Course code → { title, validityMonths (1–120) }',
    example: { team_teach_level_2: { title: 'Team Teach Level 2', validityMonths: 12 } },
  })
  @IsObject()
  courses!: Record<string, TrainingCourse>;

  @ApiProperty({ description: 'Every job role → the course codes it requires', example: { teacher: ['safeguarding_update'] } })
  @IsObject()
  requiredByJobRole!: Record<JobRole, string[]>;

  @ApiPropertyOptional({
    description: 'Platform roles → the course codes they require whatever the job role (default: DSL training for dsl and deputy_dsl)',
    example: { deputy_dsl: ['dsl_training'] },
  })
  @IsOptional()
  @IsObject()
  requiredByRole?: Partial<Record<StaffRole, string[]>>;
}
