import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { invalidInput } from '#lib/core';

export type RecordFormat = 'json' | 'pdf';

/**
 * `?format=pdf` on a record's route: the same record, the same access, as a printable PDF. Read as
 * one parameter (not a query DTO), so the route keeps ignoring the others it always ignored (the web
 * app adds `schoolId` to a trust reader's every read).
 */
export const ApiFormatQuery = () =>
  applyDecorators(
    ApiQuery({
      name: 'format',
      required: false,
      enum: ['json', 'pdf'],
      description: 'pdf: application/pdf to print (recorded as a view, printed)',
    }),
  );

export function recordFormat(value: unknown): RecordFormat {
  if (value === undefined || value === 'json') return 'json';
  if (value === 'pdf') return 'pdf';
  throw invalidInput([{ field: 'format', message: 'format must be json or pdf' }]);
}
