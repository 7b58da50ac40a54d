import { Injectable } from '@nestjs/common';
import type { Pupil } from './domain/decider.js';
import { DIRECTORY } from './directory/directory.projection.js';
import { searchPupils, type PupilListing } from './directory/directory.queries.js';
import type { Actor } from '#lib/kernel';
import { readerOf, ReadModels } from '#lib/read-models';

export type { PupilListing };

export const fullName = (pupil: Pick<Pupil, 'firstName' | 'lastName'>): string => `${pupil.firstName} ${pupil.lastName}`;

/** The pupils of a school, for pickers: the `directory` read model (names decrypted, "[erased]" once erased). */
@Injectable()
export class PupilDirectory {
  constructor(private readonly readModels: ReadModels) {}

  /** Pupils whose full name contains `text` (any case), sorted by last name, then first name. */
  async search(actor: Actor, schoolId: string, text = ''): Promise<PupilListing[]> {
    return this.readModels.read(DIRECTORY, { schoolIds: [schoolId], reader: readerOf(actor) }, (db) => searchPupils(db, schoolId, text));
  }
}
