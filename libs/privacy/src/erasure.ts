import { type Decider, type DomainEvent, RuleViolation, unreachable } from '#lib/kernel';

/**
 * A subject's privacy record: legal holds, eligibility under the retention rule, and erasure.
 * One stream per subject, so a hold and an erasure decided at the same time cannot both win.
 */
export const erasureStream = (subjectId: string): string => `erasure-${subjectId}`;

export type SubjectType = 'pupil';

export type LegalHoldPlaced = DomainEvent<
  'LegalHoldPlaced',
  { subjectId: string; subjectType: SubjectType; reason: string; placedBy: string; placedAt: string }
>;
export type LegalHoldLifted = DomainEvent<
  'LegalHoldLifted',
  { subjectId: string; subjectType: SubjectType; reason: string; liftedBy: string; liftedAt: string }
>;
export type RetentionEligible = DomainEvent<
  'RetentionEligible',
  { subjectId: string; subjectType: SubjectType; eligibleOn: string; retentionYears: number; recordedAt: string }
>;
/** The reason stays readable (it is what the erasure is accounted for by), so it must not name anyone. */
export type SubjectErased = DomainEvent<
  'SubjectErased',
  { subjectId: string; subjectType: SubjectType; reason: string; erasedBy: string; erasedAt: string }
>;

export type PrivacyEvent = LegalHoldPlaced | LegalHoldLifted | RetentionEligible | SubjectErased;

export type PrivacyCommand =
  | { type: 'PlaceLegalHold'; subjectId: string; subjectType: SubjectType; reason: string; by: string; now: string }
  | { type: 'LiftLegalHold'; subjectId: string; subjectType: SubjectType; reason: string; by: string; now: string }
  | { type: 'MarkRetentionEligible'; subjectId: string; subjectType: SubjectType; eligibleOn: string; retentionYears: number; now: string }
  | { type: 'EraseSubject'; subjectId: string; subjectType: SubjectType; reason: string; by: string; now: string };

export interface PrivacyState {
  onHold: boolean;
  eligibleOn: string | null;
  erasedAt: string | null;
}

const initialState: PrivacyState = { onHold: false, eligibleOn: null, erasedAt: null };

function decide(command: PrivacyCommand, state: PrivacyState): PrivacyEvent[] {
  const { subjectId, subjectType } = command;
  switch (command.type) {
    case 'PlaceLegalHold':
      if (state.erasedAt) throw new RuleViolation('privacy.already_erased', 'This person has already been erased.');
      if (state.onHold) return [];
      return [
        {
          type: 'LegalHoldPlaced',
          schemaVersion: 1,
          data: { subjectId, subjectType, reason: requireReason(command.reason), placedBy: command.by, placedAt: command.now },
        },
      ];
    case 'LiftLegalHold':
      if (!state.onHold) throw new RuleViolation('privacy.no_legal_hold', 'There is no legal hold to lift.');
      return [
        {
          type: 'LegalHoldLifted',
          schemaVersion: 1,
          data: { subjectId, subjectType, reason: command.reason.trim(), liftedBy: command.by, liftedAt: command.now },
        },
      ];
    case 'MarkRetentionEligible':
      // A hold suspends the retention clock; the daily run marks the record once the hold is lifted.
      if (state.erasedAt || state.onHold || state.eligibleOn) return [];
      return [
        {
          type: 'RetentionEligible',
          schemaVersion: 1,
          data: { subjectId, subjectType, eligibleOn: command.eligibleOn, retentionYears: command.retentionYears, recordedAt: command.now },
        },
      ];
    case 'EraseSubject':
      if (state.onHold) throw new RuleViolation('privacy.legal_hold', 'A legal hold is in place: the records must be kept.');
      if (state.erasedAt) return [];
      return [
        {
          type: 'SubjectErased',
          schemaVersion: 1,
          data: { subjectId, subjectType, reason: requireReason(command.reason), erasedBy: command.by, erasedAt: command.now },
        },
      ];
    default:
      return unreachable(command);
  }
}

function requireReason(reason: string): string {
  const r = reason.trim();
  if (r === '') throw new RuleViolation('privacy.reason_required', 'Give a reason.');
  return r;
}

function evolve(state: PrivacyState, event: PrivacyEvent): PrivacyState {
  switch (event.type) {
    case 'LegalHoldPlaced':
      return { ...state, onHold: true };
    case 'LegalHoldLifted':
      return { ...state, onHold: false };
    case 'RetentionEligible':
      return { ...state, eligibleOn: event.data.eligibleOn };
    case 'SubjectErased':
      return { ...state, erasedAt: event.data.erasedAt };
    default:
      return state;
  }
}

export const privacyDecider: Decider<PrivacyCommand, PrivacyEvent, PrivacyState> = { decide, evolve, initialState };
