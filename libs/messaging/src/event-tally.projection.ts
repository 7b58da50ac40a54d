import { Column, Entity, In, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
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
 * One row per event with how many times a projection transaction applied it. Exactly once means
 * every stored event has a row and every row says 1; the distributed tests read it after crashes.
 */
export const eventTallyProjection: Projection = {
  name: 'event_tally',
  version: 2,
  entities: [EventTally],
  readable: [],
  migrations: [EventTallyTable1764489600000],
  async apply(db, events) {
    const { raw } = await db
      .createQueryBuilder()
      .insert()
      .into(EventTally)
      .values(events.map((e) => ({ eventId: e.eventId, streamId: e.streamId, type: e.type, globalPosition: e.globalPosition, applied: 1 })))
      .orIgnore()
      .returning(['eventId'])
      .execute();
    // An event already tallied is counted again: that is what the tally is there to catch.
    const inserted = new Set((raw as { event_id: string }[]).map((r) => r.event_id));
    const again = events.filter((e) => !inserted.has(e.eventId)).map((e) => e.eventId);
    if (again.length > 0) await db.update(EventTally, { eventId: In(again) }, { applied: () => 'applied + 1' });
  },
};
