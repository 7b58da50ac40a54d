import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type pg from 'pg';
import { EVENT_STORE, type EventStore } from '#lib/event-store';
import { PG_POOL } from '#lib/core';
import { Public } from '#lib/auth';

export const BUS_NAME = Symbol('BUS_NAME');

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BUS_NAME) private readonly bus: string,
  ) {}

  @Public()
  @Get()
  @HttpCode(200)
  @ApiOkResponse({ description: '{ status: "ok", store, bus }' })
  async health(): Promise<{ status: string; store: string; bus: string }> {
    try {
      await this.pool.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException('database unreachable');
    }
    return { status: 'ok', store: this.store.name, bus: this.bus };
  }
}
