import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '#lib/core';
import { concernDecider, type Concern, type ConcernState } from './domain/decider.js';
import type { ConcernEvent } from './domain/events.js';
import { EncryptingEventStore } from '#lib/privacy';

export interface ListedConcern {
  concern: Concern;
  /** The stream version, for If-Match. */
  version: number;
}

/**
 * Every concern of a school with its current state. Until the read-model runtime exists it folds
 * the concern streams straight from the `events` table with the domain decider; this class is the
 * one place to swap for a projection.
 */
@Injectable()
export class ConcernList {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    private readonly personalData: EncryptingEventStore,
  ) {}

  async ofSchool(schoolId: string): Promise<ListedConcern[]> {
    const { rows: stored } = await this.pool.query<{
      eventId: string;
      stream_id: string;
      stream_version: number;
      type: ConcernEvent['type'];
      schema_version: number;
      data: never;
    }>(
      `SELECT event_id::text AS "eventId", stream_id, stream_version, type, schema_version, data FROM events
        WHERE stream_id IN (SELECT stream_id FROM events WHERE type = 'ConcernRaised' AND metadata->>'schoolId' = $1)
        ORDER BY stream_id, stream_version`,
      [schoolId],
    );
    // Personal fields are stored encrypted; the store's decorator opens them (or shows "[erased]").
    const rows = await this.personalData.open(stored);
    const streams = new Map<string, { state: ConcernState; version: number }>();
    for (const row of rows) {
      const event = { type: row.type, schemaVersion: row.schema_version, data: row.data } as ConcernEvent;
      const state = concernDecider.evolve(streams.get(row.stream_id)?.state ?? concernDecider.initialState, event);
      streams.set(row.stream_id, { state, version: row.stream_version });
    }
    return [...streams.values()]
      .filter((s): s is { state: Concern; version: number } => s.state !== null)
      .map(({ state, version }) => ({ concern: state, version }))
      .sort((a, b) => Date.parse(b.concern.raisedAt) - Date.parse(a.concern.raisedAt));
  }
}
