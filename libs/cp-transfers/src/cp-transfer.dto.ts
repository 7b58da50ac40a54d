import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';

/*
 * The DTOs bound sizes and types; the business rules (a destination other than the school left, a
 * URN of 6 or 7 digits, receipt not in the future) are the decider's: a 422 naming the rule.
 */

export class DestinationDto {
  @ApiPropertyOptional({ description: 'The new school when it is on the platform (any trust): its DSL confirms receipt' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;

  @ApiProperty({ maxLength: 200, example: 'Hillside Academy' })
  @IsString()
  @MaxLength(200)
  @Matches(/\S/, { message: '$property must not be blank' })
  name!: string;

  @ApiPropertyOptional({ description: 'The school’s URN (6 or 7 digits)', example: '123456' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6,7}$/, { message: '$property must be 6 or 7 digits (a URN)' })
  urn?: string;
}

export class LeavingDto {
  @ApiProperty({ example: '2026-03-02', description: 'The day the pupil left (the file is due 5 school days after)' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date (YYYY-MM-DD)' })
  leftOn!: string;

  @ApiProperty({ type: DestinationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DestinationDto)
  destination!: DestinationDto;
}

export class ReceiptDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'School elsewhere: who received the file (recorded by the sender)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/\S/, { message: '$property must not be blank' })
  receivedBy?: string;

  @ApiPropertyOptional({ example: '2026-03-04T10:00:00+00:00', description: 'School elsewhere: when they received it (with offset)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, { message: '$property must be an ISO-8601 date-time with an offset' })
  receivedAt?: string;
}

export class TransferListQuery {
  @ApiProperty({ enum: ['outgoing', 'incoming'] })
  @IsIn(['outgoing', 'incoming'])
  direction!: 'outgoing' | 'incoming';

  @ApiPropertyOptional({ description: 'For trust auditors: one school of their trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}
