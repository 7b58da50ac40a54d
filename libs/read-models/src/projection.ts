import type pg from 'pg';
import type { RecordedEvent } from '../../event-store/src/event-store.js';

/** What a projection tells the outside world it changed (the alert stream listens to these). */
export interface ReadModelChange {
  projection: string;
  kind: string;
  payload: unknown;
}

export interface ApplyContext {
  /** The time as the projection should see it: the clock when live, the as-of instant in a replay. */
  now: Date;
  /** True while rebuilding or replaying history: nothing is announced to live listeners. */
  replaying: boolean;
  emit(change: ReadModelChange): void;
}

/**
 * A read model built from events. Its SQL names tables unqualified: the runtime sets `search_path`
 * to the schema of the generation being built (live, rebuild or an auditor's replay), so the same
 * code fills all three without ever touching the others.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the tables or the meaning of the rows change: the runtime rebuilds from position 0. */
  readonly version: number;
  /** CREATE TABLE statements (unqualified names). */
  readonly tables: string;
  /** Event types it reads; the checkpoint still advances past others. Absent: all events. */
  readonly eventTypes?: readonly string[];
  apply(db: pg.PoolClient, events: RecordedEvent[], ctx: ApplyContext): Promise<void>;
  /** Rules driven by time (due timers). Called after each batch and by the ticker. */
  tick?(db: pg.PoolClient, ctx: ApplyContext): Promise<void>;
}

export interface ProjectionStatus {
  name: string;
  schema: string;
  version: number;
  checkpoint: { transactionId: string; globalPosition: string } | null;
  /** Events stored after the checkpoint. */
  lagEvents: number;
  running: boolean;
}
