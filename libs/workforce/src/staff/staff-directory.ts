import { Injectable } from '@nestjs/common';
import type { Actor } from '#lib/kernel';
import { readerOf, ReadModels } from '#lib/read-models';
import { STAFF_DIRECTORY } from '../staff-directory/staff-directory.projection.js';
import { listStaff, type StaffListing as DirectoryStaff } from '../staff-directory/staff-directory.queries.js';

export type StaffListing = Omit<DirectoryStaff, 'startDate' | 'leftOn'> & { leftOn?: string };

/** The staff of a school, for lists and pickers: the `staff-directory` read model. */
@Injectable()
export class StaffDirectory {
  constructor(private readonly readModels: ReadModels) {}

  async list(actor: Actor, schoolId: string, options: { includeLeavers?: boolean } = {}): Promise<StaffListing[]> {
    const staff = await this.readModels.read(STAFF_DIRECTORY, { schoolIds: [schoolId], reader: readerOf(actor) }, (db) =>
      listStaff(db, schoolId, options),
    );
    // The route's contract (API.md) lists no start date; `leftOn` only for those who have left.
    return staff.map(({ startDate: _, leftOn, ...listing }) => (leftOn === null ? listing : { ...listing, leftOn }));
  }
}
