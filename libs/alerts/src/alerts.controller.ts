import { Body, Controller, Get, HttpCode, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { from, switchMap, type Observable } from 'rxjs';
import type { Actor } from '../../auth/src/actor.js';
import { CurrentActor, Roles } from '../../auth/src/decorators.js';
import { type CommandContext, Ctx } from '../../core/src/command-context.js';
import { ListAlertsQuery, ResolveAlertDto } from './alerts.dto.js';
import { Alerts, type AlertStreamMessage } from './alerts.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: Alerts) {}

  @Get()
  @Roles('dsl', 'deputy_dsl', 'headteacher', 'trust_auditor')
  @ApiOkResponse({ description: '[{ id, kind, priority, raisedAt, escalationLevel, status, subject, message }], newest first' })
  list(@Query() query: ListAlertsQuery, @CurrentActor() actor: Actor) {
    return this.alerts.list(actor, query);
  }

  /** Server-sent events; EventSource clients pass the token as `?access_token=`. */
  @Sse('stream')
  @Roles('dsl', 'deputy_dsl', 'headteacher', 'trust_auditor')
  @ApiQuery({ name: 'access_token', required: false })
  @ApiQuery({ name: 'schoolId', required: false })
  stream(@CurrentActor() actor: Actor, @Query('schoolId') schoolId?: string): Observable<AlertStreamMessage> {
    return from(this.alerts.scope(actor, schoolId)).pipe(switchMap((scope) => this.alerts.stream(scope)));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ id, version }' })
  acknowledge(@Param('id') id: string, @Ctx() ctx: CommandContext) {
    return this.alerts.acknowledge(id, ctx);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ id, version }' })
  resolve(@Param('id') id: string, @Body() body: ResolveAlertDto, @Ctx() ctx: CommandContext) {
    return this.alerts.resolve(id, body.note, ctx);
  }
}
