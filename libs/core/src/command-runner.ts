import { Inject, Injectable } from '@nestjs/common';
import { ConcurrencyError, EVENT_STORE, type EventStore, type NewEvent, type RecordedEvent } from '#lib/event-store';
import type { Decider, DomainEvent } from '#lib/kernel';
import { CLOCK, type Clock } from './clock.js';
import type { CommandContext } from './command-context.js';
import { uuidFrom } from './command-context.js';

export interface CommandResult<E, S> {
  events: E[];
  /** The stream's version after the command (-1: still no stream). */
  version: number;
  state: S;
}

export interface RunCommand<C, E extends DomainEvent, S> {
  streamId: string;
  decider: Decider<C, E, S>;
  /** Builds the command from the current state and the time now (ISO). */
  command: (state: S, now: string) => C;
  context: CommandContext;
  schoolId: string | null;
  /** When it happened, as the user said; defaults to now. */
  occurredAt?: (now: string) => string;
}

/** Load the stream, fold, decide, append with the expected version. Thin by design: the rules live in the decider. */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run<C, E extends DomainEvent, S>(spec: RunCommand<C, E, S>): Promise<CommandResult<E, S>> {
    try {
      return await this.attempt(spec);
    } catch (err) {
      // A concurrent writer got there first: decide once more on the fresh state, unless the caller
      // pinned the version it saw (If-Match), in which case its decision may rest on stale facts.
      if (err instanceof ConcurrencyError && spec.context.expectedVersion === undefined) return this.attempt(spec);
      throw err;
    }
  }

  async load<E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<unknown, E, S>,
  ): Promise<{ state: S; version: number; events: RecordedEvent[] }> {
    const events = await this.store.readStream(streamId);
    const state = events.reduce((s, e) => decider.evolve(s, toDomainEvent<E>(e)), decider.initialState);
    return { state, version: events.length - 1, events };
  }

  private async attempt<C, E extends DomainEvent, S>(spec: RunCommand<C, E, S>): Promise<CommandResult<E, S>> {
    const { state, version } = await this.load(spec.streamId, spec.decider as Decider<unknown, E, S>);
    const pinned = spec.context.expectedVersion;
    if (pinned !== undefined && pinned !== version) throw new ConcurrencyError(spec.streamId, pinned, version < 0 ? 'no_stream' : version);
    const now = this.clock.now().toISOString();
    const events = spec.decider.decide(spec.command(state, now), state);
    if (events.length === 0) return { events, version, state };
    const { actor, correlationId, idempotencyKey } = spec.context;
    const occurredAt = spec.occurredAt?.(now) ?? now;
    const toAppend: NewEvent[] = events.map((e, i) => ({
      // With an idempotency key the ids are derived from it, so a racing repeat is a no-op in the store.
      eventId: idempotencyKey
        ? uuidFrom(`${actor.staffId}\u0000${idempotencyKey}\u0000${spec.streamId}\u0000${version}\u0000${i}`)
        : crypto.randomUUID(),
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      metadata: { actorId: actor.staffId, schoolId: spec.schoolId, trustId: actor.trustId, correlationId, causationId: null, occurredAt },
    }));
    const result = await this.store.appendToStream(spec.streamId, toAppend, { expectedVersion: version < 0 ? 'no_stream' : version });
    const newState = events.reduce((s, e) => spec.decider.evolve(s, e), state);
    return { events, version: result.nextExpectedVersion, state: newState };
  }
}

export function toDomainEvent<E extends DomainEvent>(e: RecordedEvent): E {
  return { type: e.type, schemaVersion: e.schemaVersion, data: e.data } as E;
}
