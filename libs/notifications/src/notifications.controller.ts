import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type pg from 'pg';
import { CurrentActor, OwnSignIn } from '#lib/auth';
import { notFound, PG_POOL } from '#lib/core';
import type { Actor } from '#lib/kernel';
import { Notices } from './notices.js';
import { DEFAULT_EMAIL_PREFERENCE, type EmailPreference } from './notification-rules.js';
import { NotificationPreferencesDto } from './notifications.dto.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me')
export class NotificationsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly notices: Notices,
  ) {}

  @Get('notifications')
  @ApiOkResponse({
    description: '{ email: "immediate" | "digest" | "off" } — how non-urgent alerts reach the caller by email (digest until chosen)',
  })
  async preferences(@CurrentActor() actor: Actor): Promise<{ email: EmailPreference }> {
    const { rows } = await this.pool.query<{ email: EmailPreference }>('SELECT email FROM notification_preferences WHERE staff_id = $1', [
      actor.staffId,
    ]);
    return { email: rows[0]?.email ?? DEFAULT_EMAIL_PREFERENCE };
  }

  @Put('notifications')
  // The caller's own setting, not a record: read-only trust auditors may choose theirs too.
  @OwnSignIn()
  @ApiOkResponse({ description: '{ email }' })
  async choose(@Body() body: NotificationPreferencesDto, @CurrentActor() actor: Actor): Promise<{ email: EmailPreference }> {
    await this.pool.query(
      `INSERT INTO notification_preferences (staff_id, email) VALUES ($1, $2)
       ON CONFLICT (staff_id) DO UPDATE SET email = EXCLUDED.email, updated_at = now()`,
      [actor.staffId, body.email],
    );
    return { email: body.email };
  }

  @Get('notices')
  @ApiOkResponse({
    description:
      '[{ id, kind: "concern_closed", concernId, summary, at }] — what the app tells the caller: a concern they raised was closed',
  })
  list(@CurrentActor() actor: Actor) {
    return this.notices.of(actor);
  }

  @Post('notices/:id/dismiss')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ id }' })
  async dismiss(@Param('id') id: string, @CurrentActor() actor: Actor) {
    if (!(await this.notices.dismiss(actor, id))) throw notFound('notice');
    return { id };
  }
}
