import { Injectable } from '@nestjs/common';
import { type Actor, isSafeguardingLead } from '#lib/kernel';

/** Where the pupils whose files a school has received are looked up (the child protection transfers feature). */
export type ReceivedFilesSource = (actor: Actor) => Promise<string[]>;

/**
 * Which pupils' child protection files the actor's school has received from another school, for
 * the reads of a pupil's file (ReadScope.receivedPupilIds, and the concern and incident access
 * rules). The feature that keeps the transfers provides the source; without one, none is received.
 * Only a school's safeguarding leads read a received file, as they read their own pupils' files.
 */
@Injectable()
export class ReceivedFiles {
  private source: ReceivedFilesSource | null = null;

  provide(source: ReceivedFilesSource): void {
    this.source = source;
  }

  async pupilsOf(actor: Actor): Promise<string[]> {
    if (actor.schoolId === null || !isSafeguardingLead(actor) || this.source === null) return [];
    return this.source(actor);
  }

  async hasReceived(actor: Actor, pupilIds: readonly string[]): Promise<boolean> {
    if (pupilIds.length === 0) return false;
    const received = await this.pupilsOf(actor);
    return pupilIds.some((id) => received.includes(id));
  }
}
