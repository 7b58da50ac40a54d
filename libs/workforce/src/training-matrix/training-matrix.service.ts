import { Inject, Injectable } from '@nestjs/common';
import { Accounts, schoolInScope } from '#lib/auth';
import { type Actor, londonDate } from '#lib/kernel';
import { type Clock, CLOCK } from '#lib/core';
import { readerOf, type ReadSource } from '#lib/read-models';
import { trainingMatrixScope } from './training-matrix.access.js';
import { TRAINING_MATRIX } from './training-matrix.projection.js';
import { trainingMatrix, type TrainingMatrix } from './training-matrix.queries.js';

export interface TrainingMatrixParams {
  asOf?: string;
  jobRole?: string;
  schoolId?: string;
}

@Injectable()
export class TrainingMatrixService {
  constructor(
    private readonly accounts: Accounts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The matrix for the school in scope; as of `params.asOf`, else the source's instant, else today (London). */
  async matrix(actor: Actor, params: TrainingMatrixParams, source: ReadSource): Promise<TrainingMatrix> {
    const schoolId = await schoolInScope(actor, params.schoolId, this.accounts);
    const asOf = params.asOf ?? londonDate((source.asOf ?? this.clock.now()).toISOString());
    const staffId = trainingMatrixScope(actor) === 'own' ? actor.staffId : undefined;
    return source.read(TRAINING_MATRIX, { schoolIds: [schoolId], trustId: actor.trustId, reader: readerOf(actor) }, (db) =>
      trainingMatrix(db, { schoolId, trustId: actor.trustId, asOf, jobRole: params.jobRole, staffId }),
    );
  }
}
