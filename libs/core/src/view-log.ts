import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '#lib/kernel';
import { EVENT_STORE, type EventStore } from '#lib/event-store';
import { CLOCK, type Clock } from './clock.js';

export type ViewedSubject = 'concern' | 'incident' | 'chronology';

export const viewsStream = (subjectId: string) => `views-${subjectId}`;

/** Every read of a concern, an incident or a chronology is itself recorded: who viewed what, when. */
@Injectable()
export class ViewLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `format: 'pdf'`: the record was printed (or saved as a PDF), so a copy of it left the platform. */
  async record(
    actor: Actor,
    subjectType: ViewedSubject,
    subjectId: string,
    schoolId: string | null,
    correlationId: string,
    options: { format?: 'pdf' } = {},
  ): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.store.appendToStream(
      viewsStream(subjectId),
      [
        {
          eventId: randomUUID(),
          type: 'RecordViewed',
          schemaVersion: 1,
          data: {
            subjectType,
            subjectId,
            viewerId: actor.staffId,
            viewerName: actor.name,
            viewerRoles: actor.roles,
            viewedAt: now,
            ...(options.format ? { format: options.format } : {}),
          },
          metadata: { actorId: actor.staffId, schoolId, trustId: actor.trustId, correlationId, causationId: null, occurredAt: now },
        },
      ],
      { expectedVersion: 'any' },
    );
  }

  async viewsOf(
    subjectId: string,
  ): Promise<{ viewerId: string; viewerName: string; viewerRoles: string[]; subjectType: string; viewedAt: string; format?: 'pdf' }[]> {
    return (await this.store.readStream(viewsStream(subjectId))).map((e) => e.data as never);
  }
}
