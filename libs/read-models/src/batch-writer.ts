import type pg from 'pg';
import { compareCheckpoints, type Checkpoint, type RecordedEvent } from '#lib/event-store';
import { checkpointOf, loadRead, readStatement, writeStatement, type Statement, type WritePart } from './batch-sql.js';
import { handles, type ApplyContext, type Projection, type ReadModelChange } from './projection.js';
import type { EntityClass, TableShape } from './table-shape.js';
import { type TableState, UnitOfWork } from './unit-of-work.js';

/** One generation (schema) of a projection that a batch may write. */
export interface Generation {
  projection: Projection;
  schema: string;
  shapes: ReadonlyMap<EntityClass, TableShape>;
  /** Where it stands, as last read or written by this process; undefined: not known (read it). */
  checkpoint: Checkpoint | null | undefined;
}

interface Emitted {
  change: ReadModelChange;
  ifInserted?: { table: TableState; key: string };
}

interface Work {
  generation: Generation;
  fresh: RecordedEvent[];
  relevant: RecordedEvent[];
  uow: UnitOfWork;
  ctx: ApplyContext;
  emitted: Emitted[];
  returning: Set<TableState>;
}

const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ROUNDS = 4;
const MAX_ATTEMPTS = 8;

/**
 * Applies batches of events to any number of generations at once, in two statements per batch (see
 * batch-sql.ts), exactly once: each generation's rows and checkpoint move together, and only from the
 * checkpoint the batch was folded on. Events at or before a generation's checkpoint are skipped, so
 * any deliverer (the live loop, a drain, a Kafka consumer, another process) may hand the same event twice.
 */
export class BatchWriter {
  /** Where a batch's time goes (the benchmark prints it): statements sent and milliseconds in them, and folding. */
  readonly stats = { reads: 0, readMs: 0, writes: 0, writeMs: 0, foldMs: 0 };

  constructor(
    private readonly pool: pg.Pool,
    /** The changes of one committed write, in the order the handlers emitted them (announced together). */
    private readonly onChanges: (changes: ReadModelChange[]) => void,
  ) {}

  private async run(s: Statement, kind: 'read' | 'write'): Promise<Record<string, unknown>> {
    const started = performance.now();
    const { rows } = await this.pool.query<Record<string, unknown>>(s);
    this.stats[kind === 'read' ? 'reads' : 'writes'] += 1;
    this.stats[kind === 'read' ? 'readMs' : 'writeMs'] += performance.now() - started;
    return rows[0] ?? {};
  }

  /** Reads the checkpoints this process does not know yet, in one statement. */
  async refresh(generations: readonly Generation[]): Promise<void> {
    const unknown = generations.filter((g) => g.checkpoint === undefined);
    if (unknown.length === 0) return;
    const { statement, checkpointColumns } = readStatement(
      [],
      unknown.map((g) => g.schema),
    );
    const row = await this.run(statement, 'read');
    unknown.forEach((g, i) => (g.checkpoint = checkpointOf(row[checkpointColumns[i]!])));
  }

  /** Applies `events` (store order) to every generation; returns how many events were new to them, summed. */
  async apply(
    generations: readonly Generation[],
    events: readonly RecordedEvent[],
    options: { replaying: boolean; now: Date },
  ): Promise<number> {
    if (events.length === 0 || generations.length === 0) return 0;
    let pending = [...generations];
    let applied = 0;
    for (let attempt = 1; pending.length > 0; attempt++) {
      try {
        await this.refresh(pending);
        const work = pending.flatMap((g) => this.prepare(g, events, options));
        if (work.length === 0) return applied;
        await this.read(work, (w) => w.relevant.length > 0 && (w.generation.projection.needs(w.relevant, w.uow.need, w.ctx), true));
        const folding = performance.now();
        for (const w of work) if (w.relevant.length > 0) w.generation.projection.apply(w.relevant, w.uow, w.ctx);
        this.stats.foldMs += performance.now() - folding;
        const lost = await this.write(work, (w) => w.fresh[w.fresh.length - 1]!.checkpoint);
        for (const w of work) if (!lost.has(w)) applied += w.fresh.length;
        pending = [...lost].map((w) => w.generation);
      } catch (err) {
        if (!RETRYABLE.has((err as { code?: string }).code ?? '') || attempt >= MAX_ATTEMPTS) throw err;
        for (const g of pending) g.checkpoint = undefined;
      }
      if (attempt >= MAX_ATTEMPTS && pending.length > 0)
        throw new Error(`batch lost the race ${attempt} times: ${pending.map((g) => g.schema).join(', ')}`);
    }
    return applied;
  }

  /** Runs the time-driven rules of the generations that have them, at `now`. */
  async tick(generations: readonly Generation[], now: Date, replaying = false): Promise<void> {
    let pending = generations.filter((g) => g.projection.tick);
    for (let attempt = 1; pending.length > 0; attempt++) {
      await this.refresh(pending);
      const work = pending.filter((g) => g.checkpoint).map((g) => this.workFor(g, [], [], { replaying, now }));
      await this.read(work, (w) => (w.generation.projection.tick!.needs(w.uow.need, w.ctx), true));
      for (const w of work) w.generation.projection.tick!.apply(w.uow, w.ctx);
      const lost = await this.write(
        work.filter((w) => w.uow.hasChanges()),
        (w) => w.generation.checkpoint!,
      );
      pending = [...lost].map((w) => w.generation);
      if (attempt >= MAX_ATTEMPTS && pending.length > 0) throw new Error(`tick lost the race ${attempt} times`);
    }
  }

  private prepare(g: Generation, events: readonly RecordedEvent[], options: { replaying: boolean; now: Date }): Work[] {
    const from = g.checkpoint;
    const fresh = from ? events.filter((e) => compareCheckpoints(e.checkpoint, from) > 0) : [...events];
    if (fresh.length === 0) return [];
    const relevant = fresh.filter((e) => handles(g.projection, e.type));
    return [this.workFor(g, fresh, relevant, options)];
  }

  private workFor(g: Generation, fresh: RecordedEvent[], relevant: RecordedEvent[], options: { replaying: boolean; now: Date }): Work {
    const uow = new UnitOfWork(g.schema, g.shapes);
    const emitted: Emitted[] = [];
    const returning = new Set<TableState>();
    const ctx: ApplyContext = {
      now: options.now,
      replaying: options.replaying,
      emit: (change, opts) => {
        if (options.replaying) return;
        if (!opts?.ifInserted) return void emitted.push({ change });
        const table = uow.state(opts.ifInserted.entity);
        returning.add(table);
        emitted.push({ change, ifInserted: { table, key: table.shape.keyOf(opts.ifInserted.row) } });
      },
    };
    return { generation: g, fresh, relevant, uow, ctx, emitted, returning };
  }

  /** Rounds of reads: each asks what the projections need given what earlier rounds loaded. */
  private async read(work: readonly Work[], ask: (w: Work) => boolean): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      for (const w of work) ask(w);
      const requests = work.flatMap((w) => w.uow.pending.splice(0));
      if (requests.length === 0) return;
      const { statement, parts } = readStatement(requests, []);
      loadRead(await this.run(statement, 'read'), parts);
    }
  }

  /** Writes every generation's changes and checkpoint; returns the work whose checkpoint had moved meanwhile. */
  private async write(work: readonly Work[], to: (w: Work) => Checkpoint): Promise<Set<Work>> {
    const parts: WritePart[] = work.map((w) => ({
      schema: w.generation.schema,
      from: w.generation.checkpoint ?? null,
      to: to(w),
      uow: w.uow,
      returning: w.returning,
    }));
    const built = writeStatement(parts);
    if (!built) return new Set();
    const row = await this.run(built.statement, 'write');
    const lost = new Set<Work>();
    const committed: ReadModelChange[] = [];
    built.returns.forEach((ret, i) => {
      const w = work[i]!;
      if (row[ret.moved] !== 1) {
        // Another writer moved this generation on: fold again on fresh rows.
        w.generation.checkpoint = undefined;
        lost.add(w);
        return;
      }
      w.generation.checkpoint = parts[i]!.to;
      const inserted = new Map<TableState, Set<string>>();
      for (const { column, table } of ret.inserted) {
        inserted.set(table, new Set((row[column] as unknown[][]).map((values) => table.shape.keyOf(table.shape.decode(values)))));
      }
      for (const e of w.emitted) {
        if (e.ifInserted && e.ifInserted.table.isMaybeInsert(e.ifInserted.key) && !inserted.get(e.ifInserted.table)?.has(e.ifInserted.key))
          continue;
        committed.push(e.change);
      }
    });
    if (committed.length > 0) this.onChanges(committed);
    return lost;
  }
}
