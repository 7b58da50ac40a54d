/**
 * The DSL's own record of a pupil: the phone calls, meetings, strategy discussions and home visits
 * that belong to no single concern but to the child's file (KCSIE: every discussion, decision and
 * reason is recorded). One stream per pupil; each entry says when it happened.
 */
import {
  addWorkingDays,
  type Decider,
  type DomainEvent,
  endOfLondonDay,
  londonDate,
  requireInstant,
  requireText,
  RuleViolation,
  unreachable,
} from '#lib/kernel';
import { DSL_ENTRY_KINDS, type DslEntryKind, MAX_CONCERN_SUMMARY_LENGTH } from './vocabulary.js';

export const dslRecordStream = (pupilId: string): string => `dsl-record-${pupilId}`;

export type DslEntryRecorded = DomainEvent<
  'DslEntryRecorded',
  {
    entryId: string;
    pupilId: string;
    kind: DslEntryKind;
    occurredAt: string;
    summary: string;
    details: string;
    recordedBy: string;
    recordedAt: string;
  }
>;

export type DslRecordEvent = DslEntryRecorded;

export interface RecordDslEntry {
  type: 'RecordDslEntry';
  entryId: string;
  pupilId: string;
  kind: DslEntryKind;
  occurredAt: string;
  summary: string;
  details: string;
  by: string;
  now: string;
}

export type DslRecordCommand = RecordDslEntry;

export interface DslRecord {
  pupilId: string;
  entryIds: string[];
}

export type DslRecordState = DslRecord | null;

/**
 * A DSL's entry is late when it is written up after the end of the next working day after it
 * happened: a call at the end of the afternoon written up the next morning is on time, as Working
 * Together's "within one working day" expects of the agencies themselves.
 */
export function isDslEntryLate(occurredAt: string, recordedAt: string): boolean {
  return Date.parse(recordedAt) > endOfLondonDay(addWorkingDays(londonDate(occurredAt), 1)).getTime();
}

export function decideDslRecord(command: DslRecordCommand, state: DslRecordState): DslRecordEvent[] {
  switch (command.type) {
    case 'RecordDslEntry': {
      if (state?.entryIds.includes(command.entryId)) {
        throw new RuleViolation('dsl_entry.exists', 'An entry with this id is already in the record.');
      }
      if (!(DSL_ENTRY_KINDS as readonly string[]).includes(command.kind)) {
        throw new RuleViolation('dsl_entry.unknown_kind', `Unknown kind of entry: ${command.kind}.`);
      }
      const now = requireInstant(command.now, 'dsl_entry.invalid_field', 'now');
      if (requireInstant(command.occurredAt, 'dsl_entry.invalid_field', 'occurredAt') > now) {
        throw new RuleViolation('dsl_entry.occurred_in_future', 'An entry cannot record something that has not happened yet.');
      }
      const summary = requireText(command.summary, 'dsl_entry.summary_required', 'summary');
      if (summary.length > MAX_CONCERN_SUMMARY_LENGTH) {
        throw new RuleViolation('dsl_entry.summary_too_long', `The summary must be at most ${MAX_CONCERN_SUMMARY_LENGTH} characters.`);
      }
      return [
        {
          type: 'DslEntryRecorded',
          schemaVersion: 1,
          data: {
            entryId: command.entryId,
            pupilId: command.pupilId,
            kind: command.kind,
            occurredAt: command.occurredAt,
            summary,
            details: command.details.trim(),
            recordedBy: command.by,
            recordedAt: command.now,
          },
        },
      ];
    }
    default:
      return unreachable(command.type);
  }
}

export function evolveDslRecord(state: DslRecordState, event: DslRecordEvent): DslRecordState {
  switch (event.type) {
    case 'DslEntryRecorded':
      return { pupilId: event.data.pupilId, entryIds: [...(state?.entryIds ?? []), event.data.entryId] };
    default:
      return unreachable(event.type);
  }
}

export const dslRecordDecider: Decider<DslRecordCommand, DslRecordEvent, DslRecordState> = {
  decide: decideDslRecord,
  evolve: evolveDslRecord,
  initialState: null,
};
