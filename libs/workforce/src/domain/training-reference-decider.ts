import type { Decider, DomainEvent } from '#lib/kernel';
import type { TrainingReference } from './staff/training-reference.js';

/** One stream per trust: the reference is the trust's, and every change to it is kept. */
export const trainingReferenceStream = (trustId: string): string => `training-reference-${trustId}`;

export interface ChangeTrainingReference {
  type: 'ChangeTrainingReference';
  reference: TrainingReference;
  by: string;
  now: string;
}

/** The whole reference, not a diff, so any reader (the training matrix too) needs only the last event. */
export type TrainingReferenceChanged = DomainEvent<
  'TrainingReferenceChanged',
  { reference: TrainingReference; changedBy: string; changedAt: string }
>;

/** `null` while the trust uses the default reference. */
export type TrainingReferenceState = TrainingReference | null;

export const trainingReferenceDecider: Decider<ChangeTrainingReference, TrainingReferenceChanged, TrainingReferenceState> = {
  decide(command, state) {
    // Saving the same reference again changes nothing, so nothing is recorded.
    if (state !== null && sameReference(command.reference, state)) return [];
    return [
      {
        type: 'TrainingReferenceChanged',
        schemaVersion: 1,
        data: { reference: command.reference, changedBy: command.by, changedAt: command.now },
      },
    ];
  },
  evolve: (_, event) => event.data.reference,
  initialState: null,
};

/** Equal as data: the same courses with the same titles and validity, the same requirements in the same order. */
function sameReference(a: TrainingReference, b: TrainingReference): boolean {
  const courses = (r: TrainingReference) =>
    Object.entries(r.courses)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([code, c]) => [code, c.title, c.validityMonths]);
  const required = (r: TrainingReference) => [
    Object.entries(r.requiredByJobRole).sort(([x], [y]) => x.localeCompare(y)),
    Object.entries(r.requiredByRole ?? {}).sort(([x], [y]) => x.localeCompare(y)),
  ];
  return JSON.stringify(courses(a)) === JSON.stringify(courses(b)) && JSON.stringify(required(a)) === JSON.stringify(required(b));
}
