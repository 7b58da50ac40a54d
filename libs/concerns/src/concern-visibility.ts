import { Injectable } from '@nestjs/common';
import { Accounts, isSchoolOfActorsTrust } from '#lib/auth';
import { CommandRunner } from '#lib/core';
import type { RecordedEvent } from '#lib/event-store';
import type { Actor } from '#lib/kernel';
import { ReceivedFiles } from '#lib/read-models';
import { concernAccess, type ConcernAccess } from './concern-access.js';
import { concernDecider, concernStream, type Concern } from './domain/decider.js';

export interface VisibleConcern {
  concern: Concern;
  version: number;
  events: RecordedEvent[];
  schoolId: string | null;
  access: Exclude<ConcernAccess, 'none'>;
}

/**
 * A concern from its stream, with what the actor may see of it — or null when they may see nothing
 * (it does not exist, as far as they can tell). Every route that reads a concern by its id, or a
 * record about it (its views), goes through here.
 */
@Injectable()
export class ConcernVisibility {
  constructor(
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
    private readonly receivedFiles: ReceivedFiles,
  ) {}

  async open(actor: Actor, concernId: string): Promise<VisibleConcern | null> {
    const { state: concern, version, events } = await this.runner.load(concernStream(concernId), concernDecider);
    if (concern === null) return null;
    const schoolId = events[0]!.metadata.schoolId;
    const inActorsTrust = actor.schoolId === null && (await isSchoolOfActorsTrust(actor, schoolId, this.accounts));
    const receivedFile = actor.schoolId !== schoolId && (await this.receivedFiles.hasReceived(actor, concern.pupilIds));
    const access = concernAccess(actor, concern, { schoolId, inActorsTrust, receivedFile });
    return access === 'none' ? null : { concern, version, events, schoolId, access };
  }
}
