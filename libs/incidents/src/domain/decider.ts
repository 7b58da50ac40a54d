import { type Decider, requireInstant, requireText, RuleViolation, unreachable } from '#lib/kernel';
import type {
  CorrectIncident,
  IncidentCommand,
  RecordDebrief,
  RecordIncident,
  RecordParentNotification,
  ReviewIncident,
} from './commands.js';
import type {
  DebriefHeld,
  IncidentCorrected,
  IncidentEvent,
  IncidentReviewed,
  ParentNotificationExempted,
  ParentNotified,
} from './events.js';
import {
  CORRECTABLE_INCIDENT_FIELDS,
  type CorrectableIncidentField,
  type IncidentFieldValue,
  type IncidentRecord,
  INCIDENT_REVIEWER_ROLES,
} from './vocabulary.js';

// ---- stream ----

export const incidentStream = (incidentId: string): string => `incident-${incidentId}`;

// ---- state ----

export type IncidentCorrection = IncidentCorrected['data'];

export interface Incident {
  incidentId: string;
  /** The statutory fields with every correction applied. */
  record: IncidentRecord;
  durationMinutes: number;
  recordedBy: string;
  recordedAt: string;
  corrections: IncidentCorrection[];
  parentNotifications: ParentNotified['data'][];
  parentNotificationExemptions: ParentNotificationExempted['data'][];
  debriefs: DebriefHeld['data'][];
  reviews: IncidentReviewed['data'][];
}

/** `null` until the incident is recorded. */
export type IncidentState = Incident | null;

/** Whole minutes, rounded up: a hold of 4½ minutes is reported as 5, never as 4. */
export function incidentDurationMinutes(occurredAt: string, endedAt: string): number {
  return Math.ceil((Date.parse(endedAt) - Date.parse(occurredAt)) / 60_000);
}

// ---- decisions ----

export function decideIncident(command: IncidentCommand, state: IncidentState): IncidentEvent[] {
  if (command.type === 'RecordIncident') return record(command, state);
  if (state === null) throw new RuleViolation('incident.not_found', 'No such incident.');
  switch (command.type) {
    case 'CorrectIncident':
      return correct(command, state);
    case 'RecordParentNotification':
      return recordParentNotification(command, state);
    case 'RecordDebrief':
      return recordDebrief(command, state);
    case 'ReviewIncident':
      return review(command);
    default:
      return unreachable(command);
  }
}

function record(command: RecordIncident, state: IncidentState): IncidentEvent[] {
  if (state !== null) throw new RuleViolation('incident.already_recorded', 'This incident has already been recorded.');
  const checked = checkedRecord(
    {
      pupilId: command.pupilId,
      pupilSen: command.pupilSen,
      occurredAt: command.occurredAt,
      endedAt: command.endedAt,
      location: command.location,
      staffInvolved: command.staffInvolved,
      antecedents: command.antecedents,
      deEscalation: command.deEscalation,
      forceType: command.forceType,
      reason: command.reason,
      pupilInjury: command.pupilInjury,
      staffInjury: command.staffInjury,
      aftercare: command.aftercare,
      witnesses: command.witnesses ?? [],
    },
    command.now,
  );
  return [
    {
      type: 'IncidentRecorded',
      schemaVersion: 1,
      data: {
        incidentId: command.incidentId,
        ...checked,
        durationMinutes: incidentDurationMinutes(checked.occurredAt, checked.endedAt),
        recordedBy: command.recordedBy,
        recordedAt: command.now,
      },
    },
  ];
}

/**
 * Trims and checks every statutory field. Used for the first record and again for the record a
 * correction would produce, so no correction can leave an incomplete or impossible record.
 */
function checkedRecord(input: IncidentRecord, now: string): IncidentRecord {
  const required = (value: string, field: string) => requireText(value, 'incident.field_required', field);
  const nonBlank = (values: string[]) => values.map((v) => v.trim()).filter((v) => v !== '');

  const nowMs = requireInstant(now, 'incident.invalid_field', 'now');
  const occurred = requireInstant(input.occurredAt, 'incident.invalid_field', 'occurredAt');
  const ended = requireInstant(input.endedAt, 'incident.invalid_field', 'endedAt');
  if (occurred > nowMs || ended > nowMs) {
    throw new RuleViolation('incident.occurred_in_future', 'An incident cannot start or end in the future.');
  }
  if (ended <= occurred) {
    throw new RuleViolation('incident.end_not_after_start', 'The incident must end after it started.');
  }
  if (input.staffInvolved.length === 0) {
    throw new RuleViolation('incident.staff_required', 'Name every member of staff involved (at least one).');
  }
  const staffInvolved = input.staffInvolved.map((s) => {
    const holds = nonBlank(s.holds);
    if (holds.length === 0) {
      throw new RuleViolation('incident.holds_required', `Say which holds ${s.staffId} used (at least one).`);
    }
    return { staffId: required(s.staffId, 'staffInvolved staffId'), holds };
  });
  const deEscalation = nonBlank(input.deEscalation);
  if (deEscalation.length === 0) {
    throw new RuleViolation('incident.de_escalation_required', 'Record the de-escalation tried first (at least one step).');
  }
  return {
    pupilId: required(input.pupilId, 'pupilId'),
    pupilSen: { sen: input.pupilSen.sen, ehcp: input.pupilSen.ehcp },
    occurredAt: input.occurredAt,
    endedAt: input.endedAt,
    location: required(input.location, 'location'),
    staffInvolved,
    antecedents: required(input.antecedents, 'antecedents'),
    deEscalation,
    forceType: input.forceType,
    reason: input.reason,
    pupilInjury: required(input.pupilInjury, 'pupilInjury'),
    staffInjury: required(input.staffInjury, 'staffInjury'),
    aftercare: required(input.aftercare, 'aftercare'),
    witnesses: nonBlank(input.witnesses),
  };
}

function correct(command: CorrectIncident, state: Incident): IncidentEvent[] {
  // The field arrives from JSON, so the union's discriminant is checked, not trusted.
  if (!(CORRECTABLE_INCIDENT_FIELDS as readonly string[]).includes(command.field)) {
    throw new RuleViolation('incident.field_not_correctable', `${String(command.field)} cannot be corrected.`);
  }
  if (state.corrections.some((c) => c.correctionId === command.correctionId)) {
    throw new RuleViolation('incident.correction_exists', 'A correction with this id has already been recorded.');
  }
  const reason = requireText(command.reason, 'incident.correction_reason_required', 'reason');
  const corrected = checkedRecord({ ...state.record, [command.field]: command.value }, command.now);
  return [
    {
      type: 'IncidentCorrected',
      schemaVersion: 1,
      data: {
        ...fieldValue(corrected, command.field),
        correctionId: command.correctionId,
        reason,
        correctedBy: command.by,
        correctedAt: command.now,
      },
    },
  ];
}

function fieldValue(record: IncidentRecord, field: CorrectableIncidentField): IncidentFieldValue {
  // TypeScript cannot pair a union key with its value's type; the mapped type guarantees it.
  return { field, value: record[field] } as IncidentFieldValue;
}

function recordParentNotification(command: RecordParentNotification, state: Incident): IncidentEvent[] {
  const exemptionReason = command.exemptionReason?.trim();
  if (exemptionReason) {
    return [
      {
        type: 'ParentNotificationExempted',
        schemaVersion: 1,
        data: { reason: exemptionReason, recordedBy: command.by, recordedAt: command.now },
      },
    ];
  }
  const notifiedBy = command.notifiedBy?.trim();
  if (!command.notifiedAt || !command.method || !notifiedBy) {
    throw new RuleViolation(
      'incident.parent_notification_incomplete',
      'Give when, how and by whom the parent was told, or the reason they were not.',
    );
  }
  const notified = requireInstant(command.notifiedAt, 'incident.invalid_field', 'notifiedAt');
  if (notified < Date.parse(state.record.occurredAt)) {
    throw new RuleViolation('incident.notified_before_incident', 'The parent cannot be told before the incident happened.');
  }
  if (notified > requireInstant(command.now, 'incident.invalid_field', 'now')) {
    throw new RuleViolation('incident.notified_in_future', 'The notification time cannot be in the future.');
  }
  return [
    {
      type: 'ParentNotified',
      schemaVersion: 1,
      data: {
        notifiedAt: command.notifiedAt,
        method: command.method,
        notifiedBy,
        recordedBy: command.by,
        recordedAt: command.now,
      },
    },
  ];
}

function recordDebrief(command: RecordDebrief, state: Incident): IncidentEvent[] {
  if (state.debriefs.some((d) => d.debriefId === command.debriefId)) {
    throw new RuleViolation('incident.debrief_exists', 'A debrief with this id has already been recorded.');
  }
  const held = requireInstant(command.heldAt, 'incident.invalid_field', 'heldAt');
  // A debrief reflects on the whole incident, so it cannot be held before the incident ended.
  if (held < Date.parse(state.record.endedAt)) {
    throw new RuleViolation('incident.debrief_before_incident', 'A debrief cannot be held before the incident ended.');
  }
  if (held > requireInstant(command.now, 'incident.invalid_field', 'now')) {
    throw new RuleViolation('incident.debrief_in_future', 'A debrief cannot be recorded before it is held.');
  }
  const notes = requireText(command.notes, 'incident.debrief_notes_required', 'notes');
  return [
    {
      type: 'DebriefHeld',
      schemaVersion: 1,
      data: {
        debriefId: command.debriefId,
        kind: command.kind,
        heldAt: command.heldAt,
        notes,
        recordedBy: command.by,
        recordedAt: command.now,
      },
    },
  ];
}

function review(command: ReviewIncident): IncidentEvent[] {
  if (!command.byRoles.some((role) => (INCIDENT_REVIEWER_ROLES as readonly string[]).includes(role))) {
    throw new RuleViolation('incident.review_requires_senior', 'Only the DSL or the headteacher can review an incident.');
  }
  const notes = requireText(command.notes, 'incident.review_notes_required', 'notes');
  return [{ type: 'IncidentReviewed', schemaVersion: 1, data: { notes, reviewedBy: command.by, reviewedAt: command.now } }];
}

// ---- evolution ----

export function evolveIncident(state: IncidentState, event: IncidentEvent): IncidentState {
  if (event.type === 'IncidentRecorded') {
    const { incidentId, durationMinutes, recordedBy, recordedAt, ...record } = event.data;
    return {
      incidentId,
      record,
      durationMinutes,
      recordedBy,
      recordedAt,
      corrections: [],
      parentNotifications: [],
      parentNotificationExemptions: [],
      debriefs: [],
      reviews: [],
    };
  }
  // Later events cannot precede IncidentRecorded in a well-formed stream.
  if (state === null) return state;
  switch (event.type) {
    case 'IncidentCorrected': {
      const record: IncidentRecord = { ...state.record, [event.data.field]: event.data.value };
      return {
        ...state,
        record,
        durationMinutes: incidentDurationMinutes(record.occurredAt, record.endedAt),
        corrections: [...state.corrections, event.data],
      };
    }
    case 'ParentNotified':
      return { ...state, parentNotifications: [...state.parentNotifications, event.data] };
    case 'ParentNotificationExempted':
      return { ...state, parentNotificationExemptions: [...state.parentNotificationExemptions, event.data] };
    case 'DebriefHeld':
      return { ...state, debriefs: [...state.debriefs, event.data] };
    case 'IncidentReviewed':
      return { ...state, reviews: [...state.reviews, event.data] };
    default:
      return unreachable(event);
  }
}

export const incidentDecider: Decider<IncidentCommand, IncidentEvent, IncidentState> = {
  decide: decideIncident,
  evolve: evolveIncident,
  initialState: null,
};
