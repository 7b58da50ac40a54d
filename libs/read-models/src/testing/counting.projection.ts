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
  /** The event types it counts (default: every event). */
  eventTypes?: string[];
  /** Fails the batch once, midway, at the event whose data has this tag (as a crash would). */
  failOnce?: string;
  /** Time spent per event (blocking, as folding a large batch would), so a kill lands inside a batch. */
  delayMs?: number;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Counts events per stream, for the runtime's own tests (exactly once, crashes, rebuilds, replays). */
export function countingProjection(options: CountingOptions = {}): Projection & { failed: boolean } {
  const p: Projection & { failed: boolean } = {
    name: options.name ?? 'counting',
    version: 1,
    failed: false,
    entities: [StreamCount],
    readable: [StreamCount],
    migrations: [CountsTable1764489600000],
    eventTypes: options.eventTypes ? new Set(options.eventTypes) : 'all',
    needs(events, need) {
      for (const e of events) need.key(StreamCount, { streamId: e.streamId });
    },
    apply(events, rows) {
      const counts = rows.of(StreamCount);
      for (const e of events) {
        const counted = counts.get({ streamId: e.streamId });
        if (counted) counts.update(counted, { n: counted.n + 1, lastType: e.type });
        else counts.insert({ streamId: e.streamId, schoolId: e.metadata.schoolId, n: 1, lastType: e.type });
        if (options.failOnce && tagOf(e.data) === options.failOnce && !p.failed) {
          p.failed = true;
          throw new Error('crash in the middle of a batch');
        }
        if (options.delayMs) Atomics.wait(pause, 0, 0, options.delayMs);
      }
    },
  };
  return p;
}

function tagOf(data: unknown): unknown {
  return typeof data === 'object' && data !== null && 'tag' in data ? data.tag : undefined;
}
