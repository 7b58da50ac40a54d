import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { Projection } from '../projection.js';

/** How many events of each stream a projection applied: exactly once means each count is the stream's length. */
@Entity('counts')
export class StreamCount {
  @PrimaryColumn('text')
  streamId!: string;

  /** The school of the stream's first event: readers see only their schools' counts. */
  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('integer')
  n!: number;

  @Column('text')
  lastType!: string;
}

export class CountsTable1764489600000 implements MigrationInterface {
  name = 'CountsTable1764489600000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE counts (stream_id text PRIMARY KEY, school_id text, n integer NOT NULL, last_type text NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE counts');
  }
}

export interface CountingOptions {
  name?: string;
  eventTypes?: string[];
  /** Fails the batch once, midway, at the event whose data has this tag (as a crash would). */
  failOnce?: string;
  /** Time spent per event, so a kill lands inside a batch. */
  delayMs?: number;
}

/** Counts events per stream, for the runtime's own tests (exactly once, crashes, rebuilds, replays). */
export function countingProjection(options: CountingOptions = {}): Projection & { failed: boolean } {
  const p: Projection & { failed: boolean } = {
    name: options.name ?? 'counting',
    version: 1,
    failed: false,
    entities: [StreamCount],
    readable: [StreamCount],
    migrations: [CountsTable1764489600000],
    ...(options.eventTypes ? { eventTypes: options.eventTypes } : {}),
    async apply(db, events) {
      for (const e of events) {
        const counted = await db.existsBy(StreamCount, { streamId: e.streamId });
        if (counted) await db.update(StreamCount, { streamId: e.streamId }, { n: () => 'n + 1', lastType: e.type });
        else await db.insert(StreamCount, { streamId: e.streamId, schoolId: e.metadata.schoolId, n: 1, lastType: e.type });
        if (options.failOnce && (e.data as { tag?: string }).tag === options.failOnce && !p.failed) {
          p.failed = true;
          throw new Error('crash in the middle of a batch');
        }
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      }
    },
  };
  return p;
}
