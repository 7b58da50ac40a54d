import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '#lib/auth';
import type { Actor } from '#lib/kernel';
import { type CommandContext, Ctx, notFound } from '#lib/core';
import { ConcernCategories } from './concern-categories.service.js';
import { ChangeConcernCategoryDto, ConcernCategoriesQuery, ConcernCategoryDto } from './concern.dto.js';
import { categoryCodeOf, type ConcernCategoryEntry } from './domain/concern-categories.js';

/** Who keeps a trust's categories: its admin, and the DSLs who use them every day. */
const KEEPERS = ['trust_admin', 'dsl'] as const;

@ApiTags('concerns')
@ApiBearerAuth()
@Controller('concern-categories')
export class ConcernCategoriesController {
  constructor(private readonly categories: ConcernCategories) {}

  /** Any signed-in user: the form shows every category with its guidance. Not personal data. */
  @Get()
  @ApiOkResponse({
    description: '[{ code, label, guidance, retired }] — the trust’s categories open to new concerns (?includeRetired=true: all)',
  })
  async list(@Query() query: ConcernCategoriesQuery, @CurrentActor() actor: Actor): Promise<ConcernCategoryEntry[]> {
    const all = await this.categories.forTrust(actor.trustId);
    return query.includeRetired === 'true' ? all : all.filter((c) => !c.retired);
  }

  @Post()
  @Roles(...KEEPERS)
  @ApiCreatedResponse({ description: '{ code, version }' })
  async add(@Body() body: ConcernCategoryDto, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    const code = body.code ?? categoryCodeOf(body.label);
    const { version } = await this.categories.change(ctx, (now) => ({
      type: 'AddConcernCategory',
      code,
      label: body.label,
      guidance: body.guidance,
      by: actor.staffId,
      now,
    }));
    return { code, version };
  }

  @Patch(':code')
  @Roles(...KEEPERS)
  @ApiOkResponse({ description: '{ code, version } — rename or reword; concerns already raised keep the label they were raised with' })
  async change(
    @Param('code') code: string,
    @Body() body: ChangeConcernCategoryDto,
    @CurrentActor() actor: Actor,
    @Ctx() ctx: CommandContext,
  ) {
    await this.known(actor, code);
    const { version } = await this.categories.change(ctx, (now) => ({
      type: 'ChangeConcernCategory',
      code,
      label: body.label,
      guidance: body.guidance,
      by: actor.staffId,
      now,
    }));
    return { code, version };
  }

  @Post(':code/retire')
  @Roles(...KEEPERS)
  @HttpCode(200)
  @ApiOkResponse({ description: '{ code, version } — no longer offered for new concerns; old concerns keep it' })
  async retire(@Param('code') code: string, @CurrentActor() actor: Actor, @Ctx() ctx: CommandContext) {
    await this.known(actor, code);
    const { version } = await this.categories.change(ctx, (now) => ({ type: 'RetireConcernCategory', code, by: actor.staffId, now }));
    return { code, version };
  }

  private async known(actor: Actor, code: string): Promise<void> {
    if (!(await this.categories.forTrust(actor.trustId)).some((c) => c.code === code)) throw notFound('concern category');
  }
}
