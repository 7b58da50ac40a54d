/**
 * Given/when/then for deciders, in the style of Emmett's DeciderSpecification:
 *
 *   DeciderSpecification.for(concernDecider).given([raised]).when(acknowledge).then([acknowledged]);
 *   DeciderSpecification.for(concernDecider).given([]).when(acknowledge).thenThrows('concern.not_found');
 *
 * Uses jest's global `expect`, so it is only for specs.
 */
import { type Decider, fold, RuleViolation } from './decider.js';

export class DeciderSpecification<C, E, S> {
  private constructor(
    private readonly decider: Decider<C, E, S>,
    private readonly history: readonly E[],
  ) {}

  static for<C, E, S>(decider: Decider<C, E, S>): DeciderSpecification<C, E, S> {
    return new DeciderSpecification(decider, []);
  }

  given(events: readonly E[]): DeciderSpecification<C, E, S> {
    return new DeciderSpecification(this.decider, events);
  }

  when(command: C): DeciderOutcome<C, E, S> {
    return new DeciderOutcome(this.decider, this.history, command);
  }
}

export class DeciderOutcome<C, E, S> {
  constructor(
    private readonly decider: Decider<C, E, S>,
    private readonly history: readonly E[],
    private readonly command: C,
  ) {}

  /** Asserts the decided events exactly. */
  then(expected: readonly E[]): void {
    expect(this.run()).toEqual(expected);
  }

  /** Asserts the command is accepted and hands the state after it to `check`. */
  thenState(check: (state: S) => void): void {
    const events = this.run();
    check(fold(this.decider, [...this.history, ...events]));
  }

  /** Asserts the command is refused with this rule code. */
  thenThrows(rule: string): void {
    let thrown: unknown;
    try {
      this.run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RuleViolation);
    expect((thrown as RuleViolation).rule).toBe(rule);
  }

  private run(): E[] {
    return this.decider.decide(this.command, fold(this.decider, this.history));
  }
}
