import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { canAddAddendum, ConcernVisibility, concernStream } from '#lib/concerns';
import { type CommandContext, CommandRunner, invalidInput, notFound, PG_POOL, ViewLog } from '#lib/core';
import { canAddToIncident, canSeeIncident, incidentDecider, incidentStream } from '#lib/incidents';
import type { Actor } from '#lib/kernel';
import { EncryptingEventStore, SubjectKeys } from '#lib/privacy';
import { inspectContent } from './attachment-content.js';
import { AttachmentStore } from './attachment-store.js';
import { type AttachmentFacts, type AttachmentRecordType, attachmentsDecider, attachmentsStream } from './domain/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An attachment as the API lists it (the bytes come from GET /api/attachments/{id}). */
export interface AttachmentView {
  id: string;
  sha256: string;
  contentType: string;
  size: number;
  fileName: string;
  addedBy: string;
  addedAt: string;
}

/** What the actor may do with a record's attachments, or null: the record does not exist for them. */
interface RecordAccess {
  schoolId: string | null;
  streamId: string;
  mayAdd: boolean;
  /** Which attachments they may read: all, or (a concern's raiser) those they added themself. */
  mayRead: (a: AttachmentFacts) => boolean;
}

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/**
 * Files kept with concerns and incidents. Who may see a record's attachments is who may see the
 * record, decided where the record's own reads decide it (ConcernVisibility for concerns, so the
 * adult a concern is about never gets one; canSeeIncident for incidents).
 */
@Injectable()
export class Attachments {
  constructor(
    private readonly runner: CommandRunner,
    private readonly concerns: ConcernVisibility,
    private readonly views: ViewLog,
    private readonly encrypting: EncryptingEventStore,
    private readonly keys: SubjectKeys,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  async add(
    recordType: AttachmentRecordType,
    recordId: string,
    file: { buffer: Buffer; originalname: string } | undefined,
    ctx: CommandContext,
  ): Promise<{ id: string; sha256: string; contentType: string; size: number }> {
    const access = await this.access(recordType, recordId, ctx.actor);
    if (!access?.mayAdd) throw notFound(recordType);
    // After the record's check: to whoever may not add to it, the record does not exist, whatever they sent.
    if (!file || file.buffer.length === 0) throw invalidInput([{ field: 'file', message: 'a file is required (multipart field "file")' }]);
    const content = await inspectContent(file.buffer);
    const subjectId = await this.encrypting.subjectOf(access.streamId);
    const stream = attachmentsStream(recordType, recordId);
    const existing = (await this.runner.load(stream, attachmentsDecider)).state.attachments.find((a) => a.sha256 === content.sha256);
    if (existing) return { id: existing.attachmentId, sha256: existing.sha256, contentType: existing.contentType, size: existing.size };
    const attachmentId = randomUUID();
    // The bytes and the pointer first: an attachment exists once its event does, and never without its bytes.
    await this.store.put(subjectId, content.sha256, content.bytes);
    await this.pool.query('INSERT INTO attachment_locations (attachment_id, record_type, record_id) VALUES ($1, $2, $3)', [
      attachmentId,
      recordType,
      recordId,
    ]);
    const result = await this.runner.run({
      streamId: stream,
      decider: attachmentsDecider,
      context: ctx,
      schoolId: access.schoolId,
      command: (_, now) => ({
        type: 'AddAttachment' as const,
        attachmentId,
        recordType,
        recordId,
        subjectId,
        sha256: content.sha256,
        contentType: content.contentType,
        size: content.bytes.length,
        fileName: file.originalname,
        addedBy: ctx.actor.staffId,
        now,
      }),
    });
    // A racing upload of the same bytes got there first: that attachment is the answer.
    const stored = result.state.attachments.find((a) => a.sha256 === content.sha256)!;
    return { id: stored.attachmentId, sha256: stored.sha256, contentType: stored.contentType, size: stored.size };
  }

  async list(recordType: AttachmentRecordType, recordId: string, actor: Actor): Promise<AttachmentView[]> {
    const access = await this.access(recordType, recordId, actor);
    if (!access) throw notFound(recordType);
    const { state } = await this.runner.load(attachmentsStream(recordType, recordId), attachmentsDecider);
    const readable = state.attachments.filter(access.mayRead);
    const keys = await this.keys.lookup(readable.map((a) => a.subjectId));
    // An erased subject's files are gone: not listed.
    return readable.filter((a) => keys.get(a.subjectId) !== 'erased').map(toView);
  }

  /** The bytes, for those who may read the record (a view of it is recorded); 404 to everyone else and after erasure. */
  async download(id: string, ctx: CommandContext): Promise<{ bytes: Buffer; attachment: AttachmentView }> {
    if (!UUID.test(id)) throw notFound('attachment');
    const { rows } = await this.pool.query<{ record_type: AttachmentRecordType; record_id: string }>(
      'SELECT record_type, record_id FROM attachment_locations WHERE attachment_id = $1',
      [id],
    );
    const location = rows[0];
    if (!location) throw notFound('attachment');
    const access = await this.access(location.record_type, location.record_id, ctx.actor);
    if (!access) throw notFound('attachment');
    const { state } = await this.runner.load(attachmentsStream(location.record_type, location.record_id), attachmentsDecider);
    const attachment = state.attachments.find((a) => a.attachmentId === id);
    if (!attachment || !access.mayRead(attachment)) throw notFound('attachment');
    const bytes = await this.store.get(attachment.subjectId, attachment.sha256);
    if (!bytes) throw notFound('attachment');
    await this.views.record(ctx.actor, 'attachment', location.record_id, access.schoolId, ctx.correlationId, { attachmentId: id });
    return { bytes, attachment: toView(attachment) };
  }

  private async access(recordType: AttachmentRecordType, recordId: string, actor: Actor): Promise<RecordAccess | null> {
    if (!UUID.test(recordId)) return null;
    if (recordType === 'concern') {
      const found = await this.concerns.open(actor, recordId);
      if (!found) return null;
      return {
        schoolId: found.schoolId,
        streamId: concernStream(recordId),
        // Whoever may add an addendum may add a file (the raiser, the lead, the case manager), never a read-only auditor.
        mayAdd: canAddAddendum(found.access),
        // The raiser sees their own account only: the files they added, not the DSL's.
        mayRead: (a) => found.access !== 'raiser' || a.addedBy === actor.staffId,
      };
    }
    const { state, events } = await this.runner.load(incidentStream(recordId), incidentDecider);
    const first = events[0];
    if (state === null || !first) return null;
    const scope = { incident: state, schoolId: first.metadata.schoolId, trustId: first.metadata.trustId };
    if (!canSeeIncident(actor, scope)) return null;
    return { schoolId: scope.schoolId, streamId: incidentStream(recordId), mayAdd: canAddToIncident(actor, scope), mayRead: () => true };
  }
}

function toView(a: AttachmentFacts): AttachmentView {
  return {
    id: a.attachmentId,
    sha256: a.sha256,
    contentType: a.contentType,
    size: a.size,
    fileName: a.fileName,
    addedBy: a.addedBy,
    addedAt: a.addedAt,
  };
}
