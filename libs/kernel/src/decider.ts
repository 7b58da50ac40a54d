/**
 * The decider pattern every aggregate follows: a pure `decide(command, state) → events` and
 * `evolve(state, event) → state`. Handlers load a stream, fold it, decide, and append with the
 * expected version; nothing here does I/O or reads the clock (time arrives as `now` in commands).
 */

export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  schemaVersion: number;
  data: D;
}

export interface Decider<C, E, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState: S;
}

/**
 * A business rule refused the command. `rule` is a stable code (`concern.categories_count`) the
 * HTTP layer maps to 422, with `message` as the problem's detail.
 */
export class RuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

/** Rebuilds an aggregate's state from its stream, oldest event first. */
export function fold<C, E, S>(decider: Decider<C, E, S>, events: readonly E[]): S {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}

/** Makes a `switch` over a discriminated union fail to compile when a case is missing. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
