import { Injectable } from '@nestjs/common';
import type { Actor } from '#lib/kernel';
import { readerOf, ReadModels } from '#lib/read-models';
import { CoverAssignmentRow } from '../cover-ledger/cover-ledger.entities.js';
import { COVER_LEDGER } from '../cover-ledger/cover-ledger.projection.js';

/**
 * Finds whose cover stream holds an assignment. Cover streams are per member of staff (so the
 * weekly cap is checked under one stream's optimistic concurrency), which means an assignment id
 * alone does not name its stream: the cover ledger's read model maps it to the staff member. The
 * school is part of the lookup (and of the reader's row-level security), so another school's
 * assignment is simply not found.
 */
@Injectable()
export class CoverAssignmentLocator {
  constructor(private readonly readModels: ReadModels) {}

  async staffOf(assignmentId: string, actor: Actor & { schoolId: string }): Promise<string | null> {
    // An assignment never moves to another member of staff, so a row found is the answer; only a
    // miss may be an assignment made a moment ago that the ledger has yet to apply.
    const found = await this.find(assignmentId, actor);
    if (found !== null) return found;
    await this.readModels.caughtUp(COVER_LEDGER);
    return this.find(assignmentId, actor);
  }

  private async find(assignmentId: string, actor: Actor & { schoolId: string }): Promise<string | null> {
    const row = await this.readModels.read(
      COVER_LEDGER,
      { schoolIds: [actor.schoolId], trustId: actor.trustId, reader: readerOf(actor) },
      (db) => db.findOne(CoverAssignmentRow, { select: { staffId: true }, where: { assignmentId, schoolId: actor.schoolId } }),
    );
    return row?.staffId ?? null;
  }
}
