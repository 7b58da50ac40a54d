import { type Decider, fold, RuleViolation } from './decider.js';

type Counted = { type: 'Counted'; schemaVersion: 1; data: { by: number } };
const counter: Decider<{ add: number }, Counted, number> = {
  decide: ({ add }) => {
    if (add <= 0) throw new RuleViolation('counter.positive', 'Add a positive number.');
    return [{ type: 'Counted', schemaVersion: 1, data: { by: add } }];
  },
  evolve: (state, event) => state + event.data.by,
  initialState: 0,
};

describe('fold', () => {
  it('starts from the initial state and applies events in order', () => {
    expect(fold(counter, [])).toBe(0);
    expect(fold(counter, [...counter.decide({ add: 2 }, 0), ...counter.decide({ add: 3 }, 2)])).toBe(5);
  });
});

describe('RuleViolation', () => {
  it('carries a stable rule code and a message', () => {
    const violation = new RuleViolation('counter.positive', 'Add a positive number.');
    expect(violation).toBeInstanceOf(Error);
    expect(violation).toMatchObject({ name: 'RuleViolation', rule: 'counter.positive', message: 'Add a positive number.' });
  });
});
