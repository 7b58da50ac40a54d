import type { EntityManager, MigrationInterface } from 'typeorm';
import type { RecordedEvent } from '#lib/event-store';
import { caseManagerRolesOf, type Actor } from '#lib/kernel';

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
 * Whose rows a read may see, enforced by PostgreSQL (row-level security), not only by the query:
 * rows of these schools, and trust-wide rows of this trust — and never rows about the reader.
 */
export interface ReadScope {
  schoolIds: readonly string[];
  trustId?: string | null;
  /**
   * Who reads (the subject rule, KCSIE part four): rows about a concern whose adult is this reader
   * (`about_staff_id`) are never shown to them, and rows a case manager keeps (`case_manager`) only to
   * readers in that case-manager role. Every reader names itself; see readerOf.
   */
  reader: { staffId: string; caseManagerRoles: readonly string[] };
}

/**
 * A read model built from events. Its tables are TypeORM entities that name no schema, created by
 * its TypeORM migrations: the runtime runs them in the schema of each generation it builds (live,
 * rebuild or an auditor's replay), so the same code fills all three without touching the others.
 * Readers (ReadModels.read, replays) may select only the tables of `readable`, each of which has a
 * `school_id` (or, for trust-wide reference data, a `trust_id`) column: they see only the rows of
 * their scope. The other tables are the projector's own bookkeeping.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the tables or the meaning of the rows change: the runtime rebuilds from position 0. */
  readonly version: number;
  /** The TypeORM entities of its tables. */
  readonly entities: readonly (new () => object)[];
  /** The entities its queries read; the only tables readers are granted. */
  readonly readable: readonly (new () => object)[];
  /** TypeORM migrations creating those tables in an empty schema, in order. */
  readonly migrations: readonly (new () => MigrationInterface)[];
  /** Event types it reads; the checkpoint still advances past others. Absent: all events. */
  readonly eventTypes?: readonly string[];
  apply(db: EntityManager, events: RecordedEvent[], ctx: ApplyContext): Promise<void>;
  /** Rules driven by time (due timers). Called after each batch and by the ticker. */
  tick?(db: EntityManager, ctx: ApplyContext): Promise<void>;
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

/** The reader a request's actor is, for ReadScope.reader. */
export function readerOf(actor: Actor): ReadScope['reader'] {
  return { staffId: actor.staffId, caseManagerRoles: caseManagerRolesOf(actor) };
}
