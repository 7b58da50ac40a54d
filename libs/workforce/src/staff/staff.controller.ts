import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Accounts, CurrentActor, Roles, schoolInScope } from '#lib/auth';
import { type Actor, hasRole, TRUST_LEVEL_ROLES } from '#lib/kernel';
import { type CommandContext, Ctx, forbidden, invalidInput } from '#lib/core';
import { StaffDirectory } from './staff-directory.js';
import { StaffRecords } from './staff-records.js';
import { StaffRegistration } from './staff-registration.js';
import { RegisterStaffDto, SchoolQuery } from './staff.dto.js';

/** Roles that reach beyond one school: only the trust hands them out. */

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(
    private readonly registration: StaffRegistration,
    private readonly accounts: Accounts,
    private readonly directory: StaffDirectory,
    private readonly records: StaffRecords,
  ) {}

  @Post()
  @Roles('trust_admin', 'headteacher')
  @ApiCreatedResponse({ description: '{ id, temporaryPassword }: the password is shown once, for the new member of staff' })
  async register(@Body() body: RegisterStaffDto, @Query() query: SchoolQuery, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    // A trust admin serves several schools, so the school is never guessed for them.
    if (actor.schoolId === null && query.schoolId === undefined) {
      throw invalidInput([{ field: 'schoolId', message: 'choose the school with ?schoolId=' }]);
    }
    if (!hasRole(actor, 'trust_admin') && body.roles.some((r) => TRUST_LEVEL_ROLES.includes(r))) {
      throw forbidden('Only a trust admin can give trust-wide roles');
    }
    const schoolId = await schoolInScope(actor, query.schoolId, this.accounts);
    return this.registration.register({ ...body, hlta: body.hlta ?? false, schoolId }, ctx, actor.trustId);
  }

  @Get()
  @ApiOkResponse({ description: '[{ id, name, jobRole, roles, contractedHoursPerWeek, hlta }] sorted by name' })
  async list(@Query() query: SchoolQuery, @CurrentActor() actor: Actor) {
    return this.directory.list(actor, await schoolInScope(actor, query.schoolId, this.accounts));
  }

  @Get(':id')
  @ApiOkResponse({
    description:
      '{ id, name, email, jobRole, roles, contractedHoursPerWeek, startDate, hlta, schoolId, registeredAt, training: [{ id, course, completedOn, expiresOn, expiryComputed, provider, certificateRef, recordedAt }], version }',
  })
  async get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    const { staff, version } = await this.records.visibleTo(actor, id);
    const { staffId, completions, ...rest } = staff;
    return {
      id: staffId,
      ...rest,
      training: completions.map(({ completionId, ...c }) => ({ id: completionId, ...c })),
      version,
    };
  }
}
