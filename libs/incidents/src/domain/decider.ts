import { type Decider, requireInstant, requireText, RuleViolation, unreachable } from '#lib/kernel';
import type {
  CorrectIncident,
  ExemptParentNotification,
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
  type Injury,
  INTERVENTION_USES_HOLDS,
  PARENT_NOTIFICATION_EXEMPTION_ROLES,
  type StaffInvolvement,
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
    case 'ExemptParentNotification':
      return exemptParentNotification(command);
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
      interventionType: command.interventionType,
      reason: command.reason,
      injuries: command.injuries,
      aftercare: command.aftercare,
      witnesses: command.witnesses ?? [],
      ...(command.forceType !== undefined ? { forceType: command.forceType } : {}),
      ...(command.pupilInjury !== undefined ? { pupilInjury: command.pupilInjury.trim() } : {}),
      ...(command.staffInjury !== undefined ? { staffInjury: command.staffInjury.trim() } : {}),
    },
    command.now,
  );
  return [
    {
      type: 'IncidentRecorded',
      schemaVersion: 2,
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
  const staffInvolved = input.staffInvolved.map((s, i) => checkedInvolvement(s, i, input));
  const deEscalation = nonBlank(input.deEscalation);
  if (deEscalation.length === 0) {
    throw new RuleViolation('incident.de_escalation_required', 'Record the de-escalation tried first (at least one step).');
  }
  const record: IncidentRecord = {
    pupilId: required(input.pupilId, 'pupilId'),
    pupilSen: { sen: input.pupilSen.sen, ehcp: input.pupilSen.ehcp },
    occurredAt: input.occurredAt,
    endedAt: input.endedAt,
    location: required(input.location, 'location'),
    staffInvolved,
    antecedents: required(input.antecedents, 'antecedents'),
    deEscalation,
    interventionType: input.interventionType,
    reason: input.reason,
    injuries: input.injuries.map(checkedInjury),
    aftercare: required(input.aftercare, 'aftercare'),
    witnesses: nonBlank(input.witnesses),
  };
  // A v1 record keeps what it was recorded with (a correction of it checks the rest, not these).
  if (input.forceType !== undefined) record.forceType = input.forceType;
  if (input.pupilInjury !== undefined) record.pupilInjury = input.pupilInjury;
  if (input.staffInjury !== undefined) record.staffInjury = input.staffInjury;
  return record;
}

/**
 * A registered member of staff by id, or someone not registered (agency, volunteer) by name and role.
 * Holds only where the type of intervention uses them, and then at least one each.
 */
function checkedInvolvement(s: StaffInvolvement, index: number, input: IncidentRecord): StaffInvolvement {
  const field = `staffInvolved[${index}]`;
  const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const staffId = text(s.staffId);
  const name = text(s.name);
  const roleDescription = text(s.roleDescription);
  if ((staffId === undefined) === (name === undefined)) {
    throw new RuleViolation('incident.staff_identity', `${field}: give either a staff id or a name with a role description.`);
  }
  if (name !== undefined && roleDescription === undefined) {
    throw new RuleViolation('incident.staff_role_required', `${field}.roleDescription: say what ${name}'s role is (agency, volunteer…).`);
  }
  const holds = s.holds.map((h) => h.trim()).filter((h) => h !== '');
  // v1 records named holds for everyone, whatever the type: they still read and can still be corrected.
  if (INTERVENTION_USES_HOLDS[input.interventionType] && holds.length === 0) {
    throw new RuleViolation('incident.holds_required', `${field}.holds: say which holds ${staffId ?? name} used (at least one).`);
  }
  const justification = text(s.justification);
  return {
    ...(staffId !== undefined ? { staffId } : { name, roleDescription }),
    holds,
    ...(justification !== undefined ? { justification } : {}),
  };
}

function checkedInjury(injury: Injury, index: number): Injury {
  const description = requireText(injury.description, 'incident.injury_description_required', `injuries[${index}].description`);
  if (injury.person === 'pupil' && injury.staffId !== undefined) {
    throw new RuleViolation('incident.injury_person', `injuries[${index}].staffId: an injury to the pupil names no member of staff.`);
  }
  return {
    person: injury.person,
    ...(injury.staffId !== undefined ? { staffId: injury.staffId } : {}),
    description,
    bodyMap: [...new Set(injury.bodyMap)],
    firstAidGiven: injury.firstAidGiven,
    medicalAttention: injury.medicalAttention,
    riddorReportable: injury.riddorReportable,
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
      schemaVersion: 2,
      data: {
        ...fieldValue(corrected, command.field as CorrectableIncidentField),
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
  const notifiedBy = requireText(command.notifiedBy, 'incident.parent_notification_incomplete', 'notifiedBy');
  const parentName = requireText(command.parentName, 'incident.parent_notification_incomplete', 'parentName');
  const summaryShared = requireText(command.summaryShared, 'incident.parent_notification_incomplete', 'summaryShared');
  const notified = requireInstant(command.notifiedAt, 'incident.invalid_field', 'notifiedAt');
  const now = requireInstant(command.now, 'incident.invalid_field', 'now');
  if (notified < Date.parse(state.record.occurredAt)) {
    throw new RuleViolation('incident.notified_before_incident', 'The parent cannot be told before the incident happened.');
  }
  if (notified > now) {
    throw new RuleViolation('incident.notified_in_future', 'The notification time cannot be in the future.');
  }
  if (command.recordCopySentAt !== undefined) {
    const sent = requireInstant(command.recordCopySentAt, 'incident.invalid_field', 'recordCopySentAt');
    if (sent < Date.parse(state.record.occurredAt) || sent > now) {
      throw new RuleViolation('incident.record_copy_time', 'A copy of the record is sent after the incident and not in the future.');
    }
  }
  return [
    {
      type: 'ParentNotified',
      schemaVersion: 2,
      data: {
        notifiedAt: command.notifiedAt,
        method: command.method,
        notifiedBy,
        parentName,
        relationship: command.relationship,
        summaryShared,
        ...(command.recordCopySentAt !== undefined ? { recordCopySentAt: command.recordCopySentAt } : {}),
        recordedBy: command.by,
        recordedAt: command.now,
      },
    },
  ];
}

/**
 * Only the DSL or the headteacher may decide parents are not told, and only because telling them
 * would put the child at risk of significant harm (DfE, Restrictive interventions, 2026).
 */
function exemptParentNotification(command: ExemptParentNotification): IncidentEvent[] {
  const role = PARENT_NOTIFICATION_EXEMPTION_ROLES.find((r) => command.byRoles.includes(r));
  if (role === undefined) {
    throw new RuleViolation('incident.exemption_requires_dsl_or_head', 'Only the DSL or the headteacher can decide parents are not told.');
  }
  if (!command.significantHarmRisk) {
    throw new RuleViolation(
      'incident.exemption_ground',
      'Parents may only not be told when telling them would put the child at risk of significant harm.',
    );
  }
  const reason = requireText(command.reason, 'incident.exemption_reason_required', 'reason');
  return [
    {
      type: 'ParentNotificationExempted',
      schemaVersion: 2,
      data: { reason, significantHarmRisk: true, decidedAs: role, recordedBy: command.by, recordedAt: command.now },
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
