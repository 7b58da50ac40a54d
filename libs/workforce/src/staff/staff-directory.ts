import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '../../../core/src/database.module.js';
import type { StaffMemberRegistered } from '../../../domain/src/staff/events.js';
import type { JobRole, StaffRole } from '../../../domain/src/staff/vocabulary.js';

export interface StaffListing {
  id: string;
  name: string;
  jobRole: JobRole;
  roles: StaffRole[];
  contractedHoursPerWeek: number;
  hlta: boolean;
}

const byName = new Intl.Collator('en-GB', { sensitivity: 'base' });

/**
 * The staff of a school, for lists and pickers. Until a staff projection serves it, it reads the
 * registration events straight from the `events` table; this class is the one place to swap.
 * Registration is the only staff event that changes these fields, so no folding is needed.
 */
@Injectable()
export class StaffDirectory {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async list(schoolId: string): Promise<StaffListing[]> {
    const { rows } = await this.pool.query<{ data: StaffMemberRegistered['data'] }>(
      `SELECT data FROM events WHERE type = 'StaffMemberRegistered' AND metadata->>'schoolId' = $1`,
      [schoolId],
    );
    return rows
      .map(({ data }) => ({
        id: data.staffId,
        name: data.name,
        jobRole: data.jobRole,
        roles: data.roles,
        contractedHoursPerWeek: data.contractedHoursPerWeek,
        hlta: data.hlta,
      }))
      .sort((a, b) => byName.compare(a.name, b.name));
  }
}
