import { DEFAULT_TRAINING_REFERENCE } from './staff/training-reference.js';
import { trainingReferenceDecider, trainingReferenceStream } from './training-reference-decider.js';

const NOW = '2026-03-02T09:00:00Z';
const change = (reference = DEFAULT_TRAINING_REFERENCE) => ({ type: 'ChangeTrainingReference' as const, reference, by: 'admin', now: NOW });

describe('training reference decider', () => {
  it('names one stream per trust', () => expect(trainingReferenceStream('t-1')).toBe('training-reference-t-1'));

  it('records the whole reference, and nothing when it is unchanged', () => {
    const [event] = trainingReferenceDecider.decide(change(), null);
    expect(event).toEqual({
      type: 'TrainingReferenceChanged',
      schemaVersion: 1,
      data: { reference: DEFAULT_TRAINING_REFERENCE, changedBy: 'admin', changedAt: NOW },
    });
    const state = trainingReferenceDecider.evolve(null, event!);
    expect(trainingReferenceDecider.decide(change(JSON.parse(JSON.stringify(DEFAULT_TRAINING_REFERENCE))), state)).toEqual([]);
  });
});
