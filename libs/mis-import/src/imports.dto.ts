import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class ImportQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true', description: 'true (the default): only say what the import would do' })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';

  @ApiPropertyOptional({
    description:
      'JSON object, field → the column’s header in the file, for headers not recognised: e.g. {"upn":"Pupil No","yearGroup":"Form year"}. ' +
      'Pupils: upn, firstName, lastName, dateOfBirth, yearGroup, senStatus. Staff: email, name, firstName, lastName, jobRole, contractedHours, startDate.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  mapping?: string;

  @ApiPropertyOptional({ description: 'For trust-level accounts: one school of their trust' })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}
