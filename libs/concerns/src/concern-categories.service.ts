import { Injectable } from '@nestjs/common';
import { type CommandContext, CommandRunner } from '#lib/core';
import {
  type ConcernCategoriesState,
  concernCategoriesDecider,
  concernCategoriesStream,
  type ConcernCategoryCommand,
} from './domain/concern-categories.js';

/** A trust's concern categories: the defaults until the trust changes them. */
@Injectable()
export class ConcernCategories {
  constructor(private readonly runner: CommandRunner) {}

  async forTrust(trustId: string): Promise<ConcernCategoriesState> {
    return (await this.runner.load(concernCategoriesStream(trustId), concernCategoriesDecider)).state;
  }

  /** Code → label of the categories a new concern may take (not retired). */
  async openToNewConcerns(trustId: string): Promise<Record<string, string>> {
    return Object.fromEntries((await this.forTrust(trustId)).filter((c) => !c.retired).map((c) => [c.code, c.label]));
  }

  async change(
    ctx: CommandContext,
    command: (now: string) => ConcernCategoryCommand,
  ): Promise<{ version: number; state: ConcernCategoriesState }> {
    const { version, state } = await this.runner.run({
      streamId: concernCategoriesStream(ctx.actor.trustId),
      decider: concernCategoriesDecider,
      context: ctx,
      // Reference data belongs to the trust, not to one school.
      schoolId: null,
      command: (_, now) => command(now),
    });
    return { version, state };
  }
}
