import {
  Body,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Param,
  Post,
  Query,
  Req,
  Res,
  Sse,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import type { Actor } from '#lib/kernel';
import { AllowStreamTicket, CurrentActor, Roles } from '#lib/auth';
import { type CommandContext, Ctx, linkNext } from '#lib/core';
import type { Request, Response } from 'express';
import { ListAlertsQuery, ResolveAlertDto } from './alerts.dto.js';
import { Alerts, type AlertStreamMessage } from './alerts.js';

type AlertScope = Awaited<ReturnType<Alerts['scope']>>;

/**
 * Resolves the caller's school for the stream before the response starts: once a server-sent event
 * stream has sent its headers, a refusal can no longer be a 404.
 */
@Injectable()
class AlertStreamScopeGuard implements CanActivate {
  constructor(private readonly alerts: Alerts) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<{ actor: Actor; query: { schoolId?: string }; alertScope?: AlertScope }>();
    req.alertScope = await this.alerts.scope(req.actor, typeof req.query.schoolId === 'string' ? req.query.schoolId : undefined);
    return true;
  }
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: Alerts) {}

  @Get()
  @Roles('dsl', 'deputy_dsl', 'headteacher', 'trust_auditor', 'trust_safeguarding_lead')
  @ApiOkResponse({
    description:
      '[{ id, kind, priority, raisedAt, escalationLevel, status, subject, message, schoolId }], newest first: a page of `limit` (100); Link rel="next" names the next',
  })
  async list(
    @Query() query: ListAlertsQuery,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const page = await this.alerts.list(actor, query);
    linkNext(req, res, page.next);
    return page.items;
  }

  /** Server-sent events; EventSource clients pass a single-use `?ticket=` from POST /api/auth/stream-ticket. */
  @Sse('stream')
  @Roles('dsl', 'deputy_dsl', 'headteacher', 'trust_auditor', 'trust_safeguarding_lead')
  @AllowStreamTicket()
  @ApiQuery({ name: 'ticket', required: false, description: 'from POST /api/auth/stream-ticket: opens one stream, within a minute' })
  @ApiQuery({ name: 'schoolId', required: false })
  @UseGuards(AlertStreamScopeGuard)
  stream(@Req() req: { alertScope: AlertScope }): Observable<AlertStreamMessage> {
    return this.alerts.stream(req.alertScope);
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
