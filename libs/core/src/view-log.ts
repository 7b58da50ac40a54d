import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Actor, type DomainEvent, personalDataOf, subjectIn } from '#lib/kernel';
import { EVENT_STORE, type EventStore } from '#lib/event-store';
import { CLOCK, type Clock } from './clock.js';

export type ViewedSubject = 'concern' | 'incident' | 'chronology' | 'cp_transfer_package' | 'attachment';

export type RecordViewed = DomainEvent<
  'RecordViewed',
  {
    subjectType: ViewedSubject;
    subjectId: string;
    /** The file downloaded, when the view was of an attachment. */
    attachmentId?: string;
    /** 'pdf': printed. */
    format?: 'pdf';
    viewerId: string;
    viewerName: string;
    viewerRoles: string[];
    viewedAt: string;
  }
>;

/** A view names the viewer: their name goes with their own key. */
export const VIEW_LOG_PERSONAL_DATA = personalDataOf<RecordViewed>({
  RecordViewed: { subject: (d) => subjectIn(d.viewerId), paths: ['viewerName'] },
});

export const viewsStream = (subjectId: string) => `views-${subjectId}`;

/** Every read of a concern, an incident or a chronology is itself recorded: who viewed what, when. */
@Injectable()
export class ViewLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * `subjectId` names the record whose views these are; an attachment's download is a view of its
   * record (so who may see the record's views sees it), naming the attachment in `attachmentId`.
   * `format: 'pdf'`: the record was printed (or saved as a PDF), so a copy of it left the platform.
   */
  async record(
    actor: Actor,
    subjectType: ViewedSubject,
    subjectId: string,
    schoolId: string | null,
    correlationId: string,
    detail: { attachmentId?: string; format?: 'pdf' } = {},
  ): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.store.appendToStream(
      viewsStream(subjectId),
      [
        {
          eventId: randomUUID(),
          type: 'RecordViewed' satisfies RecordViewed['type'],
          schemaVersion: 1,
          data: {
            subjectType,
            subjectId,
            ...detail,
            viewerId: actor.staffId,
            viewerName: actor.name,
            viewerRoles: actor.roles,
            viewedAt: now,
          } satisfies RecordViewed['data'],
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
