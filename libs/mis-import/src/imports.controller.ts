import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Accounts, CurrentActor, Roles, schoolInScope } from '#lib/auth';
import type { Actor } from '#lib/kernel';
import { type CommandContext, Ctx, invalidInput } from '#lib/core';
import { readCsvBody } from './csv-body.js';
import { ImportQuery } from './imports.dto.js';
import { IMPORTERS } from './imports.access.js';
import { PupilImport } from './pupil-import.js';
import { StaffImport } from './staff-import.js';

const SUMMARY =
  '{ dryRun, create, change, unchanged, reject: [{ row, reason }], rows: [{ row, action: create | change, key, name, changes? }] } — ' +
  'row: as a spreadsheet numbers it (the header is row 1)';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly accounts: Accounts,
    private readonly pupils: PupilImport,
    private readonly staff: StaffImport,
  ) {}

  @Post('pupils')
  @Roles(...IMPORTERS)
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'An MIS export (SIMS, Arbor, Bromcom): UPN, forename, surname, date of birth, year group, SEN status (N/K/E)' })
  @ApiOkResponse({ description: SUMMARY })
  async importPupils(@Req() req: Request, @Query() query: ImportQuery, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    const { schoolId, mapping, dryRun } = await this.request(query, actor);
    return this.pupils.run({ actor, schoolId, csv: await readCsvBody(req), mapping, dryRun, ctx });
  }

  @Post('staff')
  @Roles(...IMPORTERS)
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'An MIS staff export: name (or forename and surname), email, role or job title, contracted hours, start date' })
  @ApiOkResponse({ description: `${SUMMARY}; accounts: [{ row, staffId, email, temporaryPassword }] for new staff, shown once` })
  async importStaff(@Req() req: Request, @Query() query: ImportQuery, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    const { schoolId, mapping, dryRun } = await this.request(query, actor);
    return this.staff.run({ actor, schoolId, csv: await readCsvBody(req), mapping, dryRun, ctx });
  }

  private async request(query: ImportQuery, actor: Actor) {
    // A trust admin serves several schools, so the school is never guessed for them.
    if (actor.schoolId === null && query.schoolId === undefined) {
      throw invalidInput([{ field: 'schoolId', message: 'choose the school with ?schoolId=' }]);
    }
    return {
      schoolId: await schoolInScope(actor, query.schoolId, this.accounts),
      mapping: query.mapping === undefined ? undefined : parseMapping(query.mapping),
      dryRun: query.dryRun !== 'false',
    };
  }
}

function parseMapping(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidInput([{ field: 'mapping', message: 'must be a JSON object of field → column header' }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((h) => typeof h !== 'string')) {
    throw invalidInput([{ field: 'mapping', message: 'must be a JSON object of field → column header' }]);
  }
  return value as Record<string, string>;
}
