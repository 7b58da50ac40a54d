import { Inject, Injectable, Logger } from '@nestjs/common';
import { type CommandContext, CommandRunner } from '#lib/core';
import { ReadModels } from '#lib/read-models';
import { erasureStream, type PrivacyCommand, privacyDecider, type PrivacyState, SubjectKeys, type SubjectType } from '#lib/privacy';

type HoldCommand = Extract<PrivacyCommand, { type: 'PlaceLegalHold' | 'LiftLegalHold' }>['type'];

/**
 * Erasure as an event: SubjectErased is appended (refused under a legal hold), then the subject's
 * key is deleted, then every read model is rebuilt through the decrypting store, so none keeps
 * plaintext it can no longer re-derive. Repeating an erasure completes one that was interrupted.
 */
@Injectable()
export class Erasure {
  private readonly logger = new Logger('Erasure');

  constructor(
    private readonly runner: CommandRunner,
    @Inject(SubjectKeys) private readonly keys: SubjectKeys,
    private readonly readModels: ReadModels,
  ) {}

  async state(subjectId: string): Promise<{ state: PrivacyState; version: number }> {
    return this.runner.load(erasureStream(subjectId), privacyDecider);
  }

  async erase(subjectId: string, subjectType: SubjectType, reason: string, ctx: CommandContext, schoolId: string) {
    const result = await this.runner.run({
      streamId: erasureStream(subjectId),
      decider: privacyDecider,
      context: ctx,
      schoolId,
      command: (_, now) => ({ type: 'EraseSubject' as const, subjectId, subjectType, reason, by: ctx.actor.staffId, now }),
    });
    await this.keys.erase(subjectId, new Date(result.state.erasedAt!));
    // Rebuilds are heavy but erasures are rare; each projection keeps serving until its swap.
    for (const name of this.readModels.names()) await this.readModels.rebuild(name);
    this.logger.log({ subjectId, subjectType }, 'subject erased; read models rebuilt');
    return result;
  }

  async hold(type: HoldCommand, subjectId: string, subjectType: SubjectType, reason: string, ctx: CommandContext, schoolId: string) {
    return this.runner.run({
      streamId: erasureStream(subjectId),
      decider: privacyDecider,
      context: ctx,
      schoolId,
      command: (_, now) => ({ type, subjectId, subjectType, reason, by: ctx.actor.staffId, now }),
    });
  }
}
