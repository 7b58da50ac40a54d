import type { DataSource, EntityManager } from 'typeorm';
import { compareCheckpoints, type Checkpoint, type EventStore, type RecordedEvent } from '#lib/event-store';
import type { Clock } from '#lib/core';
import type pg from 'pg';
import { BatchWriter, type Generation } from './batch-writer.js';
import { createGeneration, dropGeneration, inGeneration, readCheckpoint, schemaName, type Reader } from './generations.js';
import { handles, type Projection, type ProjectionStatus } from './projection.js';
import { ReadModelRegistration } from './read-model-tables.js';
import { type EntityClass, TableShape } from './table-shape.js';

export interface RunnerDeps {
  /** The read side's TypeORM connection (see readModelDataSource): schemas, registry, readers. */
  dataSource: DataSource;
  /** Writes every generation's rows (set-based, see BatchWriter). */
  writer: BatchWriter;
  store: EventStore;
  clock: Clock;
}

/** How many events a rebuild or replay reads at once: one read and one write per chunk, for every projection in it. */
export const REBUILD_CHUNK = 4000;
/** `lagEvents` counts to here at most: beyond it the projection is simply far behind. */
export const LAG_COUNT_LIMIT = 100_000;

/**
 * One projection's generations: the live one (registered in read_model_registry), a rebuild from
 * position 0 swapped in when it has caught up, and an auditor's replay as of an instant in a scratch
 * schema. The live generation is fed by ReadModels, with every other projection of the process, from
 * one read of the store.
 */
export class ProjectionRunner {
  /** The live generation (its checkpoint as this process last saw it). */
  live: Generation;
  private readonly shapes: ReadonlyMap<EntityClass, TableShape>;

  constructor(
    readonly projection: Projection,
    private readonly deps: RunnerDeps,
  ) {
    this.shapes = new Map(projection.entities.map((e) => [e, TableShape.of(deps.dataSource, e)]));
    this.live = this.generation('');
  }

  get liveSchema(): string {
    return this.live.schema;
  }

  generation(schema: string): Generation {
    return { projection: this.projection, schema, shapes: this.shapes, checkpoint: undefined };
  }

  /**
   * Makes sure a live generation exists; true when it is of another version and must be rebuilt
   * (the caller rebuilds every such projection together, from one read).
   */
  async init(): Promise<boolean> {
    const { dataSource } = this.deps;
    const registered = await dataSource.manager.findOneBy(ReadModelRegistration, { name: this.projection.name });
    if (registered) {
      this.live = this.generation(registered.liveSchema);
      return registered.version !== this.projection.version;
    }
    const schema = schemaName(this.projection.name, 1);
    // Processes starting together build generation 1 once: the first to take the lock registers it.
    await dataSource.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`read-model-registry:${this.projection.name}`]);
      const again = await db.findOneBy(ReadModelRegistration, { name: this.projection.name });
      if (again) {
        this.live = this.generation(again.liveSchema);
        return;
      }
      await dropGeneration(dataSource, schema);
      await createGeneration(dataSource, schema, this.projection);
      await db.insert(ReadModelRegistration, {
        name: this.projection.name,
        liveSchema: schema,
        version: this.projection.version,
        generation: 1,
      });
      this.live = this.generation(schema);
    });
    return false;
  }

  /** A fresh, empty generation to rebuild into (the next number after the registered one). */
  async freshGeneration(): Promise<{ generation: Generation; number: number }> {
    const { dataSource } = this.deps;
    const registered = await dataSource.manager.findOneBy(ReadModelRegistration, { name: this.projection.name });
    const number = (registered?.generation ?? 0) + 1;
    const schema = schemaName(this.projection.name, number);
    await dropGeneration(dataSource, schema);
    await createGeneration(dataSource, schema, this.projection);
    return { generation: { ...this.generation(schema), checkpoint: null }, number };
  }

  /** Makes a rebuilt generation the live one and drops the old. */
  async swapIn(fresh: Generation, number: number): Promise<void> {
    const { dataSource } = this.deps;
    await dataSource.manager.upsert(
      ReadModelRegistration,
      {
        name: this.projection.name,
        liveSchema: fresh.schema,
        version: this.projection.version,
        generation: number,
        swappedAt: () => 'now()',
      },
      ['name'],
    );
    const old = this.live.schema;
    this.live = fresh;
    if (old && old !== fresh.schema) await dropGeneration(dataSource, old);
  }

  /**
   * Builds the projection as it stood at `asOf` into a scratch schema (never the live one), hands it to
   * `read` (as a reader of `scope`), and drops it. Events count if they were recorded by then; time
   * rules run at `asOf`.
   */
  async replay<T>(asOf: Date, scope: Reader, read: (db: EntityManager) => Promise<T>, options: { upToPosition?: bigint } = {}): Promise<T> {
    const { dataSource, writer, store } = this.deps;
    const scratch = schemaName(this.projection.name, `replay_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`);
    await createGeneration(dataSource, scratch, this.projection);
    try {
      const generation: Generation = { ...this.generation(scratch), checkpoint: null };
      let from: Checkpoint | null = null;
      for (;;) {
        const batch: RecordedEvent[] = await store.readAll(from, REBUILD_CHUNK);
        if (batch.length === 0) break;
        from = batch[batch.length - 1]!.checkpoint;
        const included = batch.filter(
          (e) =>
            handles(this.projection, e.type) &&
            Date.parse(e.recordedAt) <= asOf.getTime() &&
            (options.upToPosition === undefined || BigInt(e.globalPosition) <= options.upToPosition),
        );
        if (included.length > 0) await writer.apply([generation], included, { replaying: true, now: asOf });
      }
      if (generation.checkpoint) await writer.tick([generation], asOf, true);
      return await inGeneration(dataSource, scratch, read, scope);
    } finally {
      await dropGeneration(dataSource, scratch);
    }
  }

  /** How far the live generation has applied the store. */
  async checkpoint(): Promise<Checkpoint | null> {
    return readCheckpoint(this.deps.dataSource, this.live.schema);
  }

  async status(running: boolean): Promise<ProjectionStatus> {
    const checkpoint = await this.checkpoint();
    const lagEvents = await this.deps.store.countAfter(checkpoint, LAG_COUNT_LIMIT);
    return {
      name: this.projection.name,
      schema: this.live.schema,
      version: this.projection.version,
      checkpoint,
      lagEvents,
      running,
    };
  }
}

/** The earliest of the generations' checkpoints (null: one has applied nothing yet). */
export function earliest(generations: readonly Generation[]): Checkpoint | null {
  let low: Checkpoint | null | undefined;
  for (const g of generations) {
    const c = g.checkpoint ?? null;
    if (c === null) return null;
    if (low === undefined || compareCheckpoints(c, low!) < 0) low = c;
  }
  return low ?? null;
}

/** A runner outside the platform (the replay command, benchmarks): nothing listens to its changes. */
export function standaloneRunner(
  projection: Projection,
  deps: { dataSource: DataSource; pool: pg.Pool; store: EventStore; clock: Clock },
): ProjectionRunner {
  return new ProjectionRunner(projection, { ...deps, writer: new BatchWriter(deps.pool, () => undefined) });
}
