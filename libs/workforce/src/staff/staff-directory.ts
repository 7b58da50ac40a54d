import { Injectable } from '@nestjs/common';
import { DIRECTORY } from '../../../projections/src/directory/directory.projection.js';
import { listStaff, type StaffListing as DirectoryStaff } from '../../../projections/src/directory/directory.queries.js';
import { ReadModels } from '../../../read-models/src/read-models.js';

export type StaffListing = Omit<DirectoryStaff, 'startDate'>;

/** The staff of a school, for lists and pickers: the `directory` read model. */
@Injectable()
export class StaffDirectory {
  constructor(private readonly readModels: ReadModels) {}

  async list(schoolId: string): Promise<StaffListing[]> {
    const staff = await this.readModels.read(DIRECTORY, { schoolIds: [schoolId] }, (db) => listStaff(db, schoolId));
    // The route's contract (API.md) lists no start date.
    return staff.map(({ startDate: _, ...listing }) => listing);
  }
}
