import { Injectable } from '@nestjs/common';
import { type CommandContext, CommandRunner, invalidInput } from '#lib/core';
import { DEFAULT_TRAINING_REFERENCE, type TrainingReference } from '../domain/staff/training-reference.js';
import { trainingReferenceDecider, trainingReferenceStream } from '../domain/training-reference-decider.js';
import { parseTrainingReference } from './training-reference.schema.js';

/** A trust's training reference: the default until the trust changes it, then its last change. */
@Injectable()
export class TrainingReferenceService {
  constructor(private readonly runner: CommandRunner) {}

  async forTrust(trustId: string): Promise<TrainingReference> {
    const { state } = await this.runner.load(trainingReferenceStream(trustId), trainingReferenceDecider);
    return state ?? DEFAULT_TRAINING_REFERENCE;
  }

  /** Replaces the actor's trust's reference with `input` once it is well formed (400 naming the fields otherwise). */
  async change(input: unknown, ctx: CommandContext): Promise<{ id: string; version: number }> {
    const parsed = parseTrainingReference(input);
    if ('problems' in parsed) throw invalidInput(parsed.problems);
    const { trustId, staffId } = ctx.actor;
    const { version } = await this.runner.run({
      streamId: trainingReferenceStream(trustId),
      decider: trainingReferenceDecider,
      context: ctx,
      // The reference belongs to the trust, not to one school.
      schoolId: null,
      command: (_, now) => ({ type: 'ChangeTrainingReference' as const, reference: parsed.reference, by: staffId, now }),
    });
    return { id: trustId, version };
  }
}
