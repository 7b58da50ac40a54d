import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Ctx, type CommandContext } from '#lib/core';
import { AssignCoverDto, CancelCoverDto } from './cover.dto.js';
import { CoverAssignments } from './cover-assignments.js';

@ApiTags('cover')
@ApiBearerAuth()
@Controller('cover-assignments')
export class CoverController {
  constructor(private readonly cover: CoverAssignments) {}

  @Post()
  @ApiCreatedResponse({ description: '{ id, warnings: [code] }; 422 cover.weekly_cap over the cap without a headteacher override' })
  assign(@Body() body: AssignCoverDto, @Ctx() ctx: CommandContext) {
    return this.cover.assign(body, ctx);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ id, version }' })
  cancel(@Param('id') id: string, @Body() body: CancelCoverDto, @Ctx() ctx: CommandContext) {
    return this.cover.cancel(id, body, ctx);
  }
}
