import type { Projection } from '../../read-models/src/projection.js';

/**
 * One row per event with how many times a projection transaction applied it. Exactly once means
 * every stored event has a row and every row says 1; the distributed tests read it after crashes.
 */
export const eventTallyProjection: Projection = {
  name: 'event_tally',
  version: 1,
  tables: `CREATE TABLE event_tally (
    event_id uuid PRIMARY KEY,
    stream_id text NOT NULL,
    type text NOT NULL,
    global_position bigint NOT NULL,
    applied integer NOT NULL
  );`,
  async apply(db, events) {
    await db.query(
      `INSERT INTO event_tally (event_id, stream_id, type, global_position, applied)
       SELECT id, s, t, g, 1 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[]) AS x(id, s, t, g)
       ON CONFLICT (event_id) DO UPDATE SET applied = event_tally.applied + 1`,
      [events.map((e) => e.eventId), events.map((e) => e.streamId), events.map((e) => e.type), events.map((e) => e.globalPosition)],
    );
  },
};
