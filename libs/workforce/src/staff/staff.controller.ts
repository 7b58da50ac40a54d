import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Accounts, CurrentActor, Roles, schoolInScope } from '#lib/auth';
import { type Actor, hasRole, TRUST_LEVEL_ROLES } from '#lib/kernel';
import { type CommandContext, Ctx, forbidden, invalidInput } from '#lib/core';
import { StaffDirectory } from './staff-directory.js';
import { StaffRecords } from './staff-records.js';
import { StaffRegistration } from './staff-registration.js';
import { ChangeStaffRolesDto, DeactivateStaffDto, RegisterStaffDto, SchoolQuery, StaffListQuery } from './staff.dto.js';
import { StaffAccountChanges } from './staff-account-changes.js';

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
    private readonly changes: StaffAccountChanges,
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

  /** They leave: the account can no longer sign in and every token of theirs is refused (401) from now on. */
  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('trust_admin', 'headteacher')
  @ApiOkResponse({ description: '{ id, version }' })
  deactivate(@Param('id') id: string, @Body() body: DeactivateStaffDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.changes.deactivate(actor, id, body.reason, ctx);
  }

  /** What they may do from now on; tokens issued with the old roles are refused (401), the next sign-in carries the new ones. */
  @Post(':id/roles')
  @HttpCode(200)
  @Roles('trust_admin', 'headteacher')
  @ApiOkResponse({ description: '{ id, roles, version }' })
  changeRoles(@Param('id') id: string, @Body() body: ChangeStaffRolesDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    return this.changes.changeRoles(actor, id, body.roles, ctx);
  }

  @Get()
  @ApiOkResponse({
    description:
      '[{ id, name, jobRole, roles, contractedHoursPerWeek, hlta, leftOn }] sorted by name: those who work at the school; ' +
      '?includeLeavers=true also those deactivated (leftOn: their last day, London)',
  })
  async list(@Query() query: StaffListQuery, @CurrentActor() actor: Actor) {
    return this.directory.list(actor, await schoolInScope(actor, query.schoolId, this.accounts), {
      includeLeavers: query.includeLeavers === 'true',
    });
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
