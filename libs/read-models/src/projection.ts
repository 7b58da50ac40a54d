import type { MigrationInterface } from 'typeorm';
import type { RecordedEvent } from '#lib/event-store';
import { caseManagerRolesOf, type Actor, type DomainEvent } from '#lib/kernel';
import type { EntityClass } from './table-shape.js';

/** What a projection tells the outside world it changed (the alert stream listens to these). */
export interface ReadModelChange {
  projection: string;
  kind: string;
  payload: unknown;
}

/** A stored event of a feature's union, typed by its `type`. */
export type Recorded<E extends DomainEvent> = E extends DomainEvent<infer T, infer D> ? RecordedEvent<T, D> : never;

/** The member of the union `E` whose type is `K`, as stored. */
export type RecordedOf<E extends DomainEvent, K extends E['type']> = Recorded<Extract<E, { type: K }>>;

export interface ApplyContext {
  /** The time as the projection should see it: the clock when live, the as-of instant in a replay. */
  now: Date;
  /** True while rebuilding or replaying history: nothing is announced to live listeners. */
  replaying: boolean;
  /**
   * Announced once the batch has committed. `ifInserted`: only if that row really was inserted (a
   * row the batch believed new may turn out to exist already).
   */
  emit(change: ReadModelChange, options?: { ifInserted?: { entity: EntityClass; row: object } }): void;
}

/**
 * One table of a projection within a batch. Rows are plain objects shaped like the entity; they
 * live in memory while the batch is folded and are written in one set-based statement at its end.
 * A row may be read only if the batch asked for it first (its key, or a group it belongs to, in
 * `needs`): reading what was not asked for is a bug, and throws.
 */
export interface Table<T extends object> {
  /** The row with this primary key, or undefined when there is none. */
  get(key: Partial<T>): T | undefined;
  /** Every row whose columns equal `where` (a group the batch asked for). */
  where(where: Partial<T>): T[];
  /** Rows already in memory that satisfy `test` (after a `need.query` that loaded them). */
  scan(test: (row: T) => boolean): T[];
  /** Inserts the row unless one with its key exists; true when it inserted (as far as the batch knows). */
  insert(row: T): boolean;
  /** Inserts or replaces the row with this key. */
  put(row: T): void;
  /** Changes the row with this key (when there is one) and returns it. */
  update(key: Partial<T>, patch: Partial<T>): T | undefined;
  delete(key: Partial<T>): void;
}

export interface Rows {
  of<T extends object>(entity: EntityClass<T>): Table<T>;
}

/**
 * What a batch will read, declared before it is folded, so every table is read once per batch.
 * `peek` shows what earlier rounds loaded (a key found through another row: a second round).
 */
export interface Need {
  key<T extends object>(entity: EntityClass<T>, key: Partial<T>): void;
  where<T extends object>(entity: EntityClass<T>, where: Partial<T>): void;
  /**
   * Rows matching a SQL condition on the table (`param` turns a value into a typed placeholder);
   * requests with the same `id` are read once.
   */
  query<T extends object>(entity: EntityClass<T>, id: string, where: (param: (value: unknown, sqlType: string) => string) => string): void;
  readonly peek: Rows;
}

/** A handler of one event type: what it reads (optional) and how it folds the event into rows. */
export type Handler<R> = ((event: R, rows: Rows, ctx: ApplyContext) => void) | HandlerWithNeeds<R>;

export interface HandlerWithNeeds<R> {
  needs(event: R, need: Need): void;
  fold(event: R, rows: Rows, ctx: ApplyContext): void;
}

/** Handlers by event type: the keys are the events the projection reads, checked against the union. */
export type Handlers<E extends DomainEvent> = { [K in E['type']]?: Handler<RecordedOf<E, K>> };

/**
 * A read model built from events, as the runtime runs it. Its tables are TypeORM entities that name
 * no schema, created by its TypeORM migrations: the runtime runs them in the schema of each
 * generation it builds (live, rebuild or an auditor's replay), so the same code fills all three.
 * Readers may select only the tables of `readable`, each of which has a `school_id` (or, for
 * trust-wide reference data, a `trust_id`) column: they see only the rows of their scope.
 * Write projections with `defineProjection`, which types the handlers by the features' event unions.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the tables or the meaning of the rows change: the runtime rebuilds from position 0. */
  readonly version: number;
  readonly entities: readonly EntityClass[];
  /** The entities its queries read; the only tables readers are granted. */
  readonly readable: readonly EntityClass[];
  /**
   * Readable entities keyed by `pupil_id` that make up a pupil's child protection file: a school that
   * received the file (ReadScope.receivedPupilIds) reads their rows too, apart from rows a case
   * manager keeps (`case_manager`), which stay with the school where the adult works.
   */
  readonly transferable?: readonly EntityClass[];
  /** TypeORM migrations creating those tables in an empty schema, in order. */
  readonly migrations: readonly (new () => MigrationInterface)[];
  /** The event types it reads (from its handlers), or every event; the checkpoint still advances past others. */
  readonly eventTypes: ReadonlySet<string> | 'all';
  /** What folding `events` will read (called again after each round of reads until nothing new is asked). */
  needs(events: readonly RecordedEvent[], need: Need, ctx: ApplyContext): void;
  /** Folds the batch's events (those of `eventTypes`, in store order) into rows. */
  apply(events: readonly RecordedEvent[], rows: Rows, ctx: ApplyContext): void;
  /** Rules driven by time alone, run by the ticker and at the end of a replay. */
  readonly tick?: {
    needs(need: Need, ctx: ApplyContext): void;
    apply(rows: Rows, ctx: ApplyContext): void;
  };
}

/** Whether the projection reads events of this type. */
export function handles(projection: Projection, type: string): boolean {
  return projection.eventTypes === 'all' || projection.eventTypes.has(type);
}

export interface ProjectionDefinition<E extends DomainEvent> {
  name: string;
  version: number;
  entities: readonly EntityClass[];
  readable: readonly EntityClass[];
  transferable?: readonly EntityClass[];
  migrations: readonly (new () => MigrationInterface)[];
  handlers: Handlers<E>;
  /** Reads the whole batch needs besides its handlers' (e.g. the timers that fall due within it). */
  needs?(events: readonly Recorded<E>[], need: Need, ctx: ApplyContext): void;
  /** Runs before each handled event (e.g. timers due by the time it was stored fire first). */
  before?(event: Recorded<E>, rows: Rows, ctx: ApplyContext): void;
  /** Runs after the batch's events. */
  after?(rows: Rows, ctx: ApplyContext): void;
  tick?: Projection['tick'];
}

/**
 * A projection over the events `E` (a union of the features' event types):
 * `defineProjection<PupilEvent>()({ name, …, handlers: { PupilRegistered: (e, rows) => … } })`.
 * The handlers' keys are the event types it reads; each handler gets its event typed.
 */
export function defineProjection<E extends DomainEvent>(): (definition: ProjectionDefinition<E>) => Projection {
  return (definition) => {
    const handlers = definition.handlers as Record<string, Handler<Recorded<E>> | undefined>;
    const eventTypes = new Set(Object.keys(handlers).filter((type) => handlers[type] !== undefined));
    // The store's events are untyped; an event reaches only the handler of its own type.
    const typed = (events: readonly RecordedEvent[]) => events as readonly Recorded<E>[];
    return {
      name: definition.name,
      version: definition.version,
      entities: definition.entities,
      readable: definition.readable,
      ...(definition.transferable ? { transferable: definition.transferable } : {}),
      migrations: definition.migrations,
      eventTypes,
      needs(events, need, ctx) {
        definition.needs?.(typed(events), need, ctx);
        for (const e of typed(events)) {
          const h = handlers[e.type];
          if (h && typeof h !== 'function') h.needs(e, need);
        }
      },
      apply(events, rows, ctx) {
        for (const e of typed(events)) {
          const h = handlers[e.type];
          if (!h) continue;
          definition.before?.(e, rows, ctx);
          if (typeof h === 'function') h(e, rows, ctx);
          else h.fold(e, rows, ctx);
        }
        definition.after?.(rows, ctx);
      },
      ...(definition.tick ? { tick: definition.tick } : {}),
    };
  };
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
  /**
   * Pupils whose child protection file the reader's school has received from another school (see
   * ReceivedFiles): their rows of `transferable` tables are in scope too.
   */
  receivedPupilIds?: readonly string[];
}

export interface ProjectionStatus {
  name: string;
  schema: string;
  version: number;
  checkpoint: { transactionId: string; globalPosition: string } | null;
  /** Events stored after the checkpoint, counted through the event-store port up to LAG_COUNT_LIMIT. */
  lagEvents: number;
  running: boolean;
}

/** The reader a request's actor is, for ReadScope.reader. */
export function readerOf(actor: Actor): ReadScope['reader'] {
  return { staffId: actor.staffId, caseManagerRoles: caseManagerRolesOf(actor) };
}
