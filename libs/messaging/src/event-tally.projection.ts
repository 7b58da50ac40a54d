import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { Projection } from '#lib/read-models';

@Entity('event_tally')
export class EventTally {
  @PrimaryColumn('uuid')
  eventId!: string;

  @Column('text')
  streamId!: string;

  @Column('text')
  type!: string;

  @Column('bigint')
  globalPosition!: string;

  @Column('integer')
  applied!: number;
}

export class EventTallyTable1764489600000 implements MigrationInterface {
  name = 'EventTallyTable1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE event_tally (
      event_id uuid PRIMARY KEY,
      stream_id text NOT NULL,
      type text NOT NULL,
      global_position bigint NOT NULL,
      applied integer NOT NULL
    )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE event_tally');
  }
}

/**
 * One row per event with how many times a projection batch applied it. Exactly once means every
 * stored event has a row and every row says 1; the distributed tests read it after crashes.
 */
export const eventTallyProjection: Projection = {
  name: 'event_tally',
  version: 3,
  entities: [EventTally],
  readable: [],
  migrations: [EventTallyTable1764489600000],
  eventTypes: 'all',
  needs(events, need) {
    for (const e of events) need.key(EventTally, { eventId: e.eventId });
  },
  apply(events, rows) {
    const tally = rows.of(EventTally);
    for (const e of events) {
      // An event already tallied is counted again: that is what the tally is there to catch.
      const seen = tally.get({ eventId: e.eventId });
      if (seen) tally.update(seen, { applied: seen.applied + 1 });
      else tally.insert({ eventId: e.eventId, streamId: e.streamId, type: e.type, globalPosition: e.globalPosition, applied: 1 });
    }
  },
};
