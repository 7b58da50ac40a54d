import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** `?format=pdf` on a record's route: the same record, the same access, as a printable PDF. */
export class FormatQuery {
  @ApiPropertyOptional({ enum: ['json', 'pdf'], default: 'json', description: 'pdf: application/pdf to print (recorded as a view)' })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}
