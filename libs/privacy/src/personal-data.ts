/**
 * Where personal data sits in each event type, and whose it is.
 *
 * `subject` names the person from the event itself (the first event of a stream); later events of
 * the stream carry no such id, so they take the subject recorded for their stream. A concern about
 * several pupils is keyed to the first pupil named: erasing that pupil erases the concern's text,
 * erasing another pupil of it does not (their names and their own records are erased).
 *
 * A path is dot-separated; `name[]` means every element of the array `name`. Only string values are
 * encrypted (null stays null: it says nothing about anyone).
 */
export interface PersonalDataRule {
  subject?: (data: Record<string, unknown>) => string | undefined;
  paths: readonly string[] | ((data: Record<string, unknown>) => readonly string[]);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Incident fields that hold narrative or names (a correction of one of them is encrypted too). */
export const NARRATIVE_INCIDENT_FIELDS = ['location', 'antecedents', 'pupilInjury', 'staffInjury', 'aftercare', 'witnesses'] as const;
const LIST_INCIDENT_FIELDS: readonly string[] = ['witnesses'];

export const PERSONAL_DATA: Readonly<Record<string, PersonalDataRule>> = {
  PupilRegistered: { subject: (d) => str(d.pupilId), paths: ['firstName', 'lastName', 'dateOfBirth', 'upn'] },
  PupilDetailsChanged: { paths: ['firstName', 'lastName', 'dateOfBirth'] },
  StaffMemberRegistered: { subject: (d) => str(d.staffId), paths: ['name', 'email'] },
  StaffMemberDetailsChanged: { paths: ['name'] },
  ConcernRaised: {
    // A concern about an adult that names no pupil is keyed to its own stream.
    subject: (d) => (Array.isArray(d.pupilIds) ? str(d.pupilIds[0]) : undefined),
    paths: ['summary', 'details', 'bodyMap[].note', 'aboutAdult.name', 'aboutAdult.roleDescription'],
  },
  ConcernTriaged: { paths: ['rationale'] },
  ConcernActionAssigned: { paths: ['description'] },
  ConcernActionCompleted: { paths: ['note'] },
  ConcernAddendumAdded: { paths: ['text'] },
  ConcernClosed: { paths: ['outcome', 'rationale'] },
  LadoReferralRecorded: { paths: ['officer', 'reference', 'advice'] },
  AllegationOutcomeRecorded: { paths: ['rationale'] },
  IncidentRecorded: {
    subject: (d) => str(d.pupilId),
    paths: NARRATIVE_INCIDENT_FIELDS.map((f) => (LIST_INCIDENT_FIELDS.includes(f) ? `${f}[]` : f)),
  },
  IncidentCorrected: {
    paths: (d) => {
      const field = d.field as string;
      if (!(NARRATIVE_INCIDENT_FIELDS as readonly string[]).includes(field)) return ['reason'];
      return ['reason', LIST_INCIDENT_FIELDS.includes(field) ? 'value[]' : 'value'];
    },
  },
  ParentNotified: { paths: ['notifiedBy'] },
  ParentNotificationExempted: { paths: ['reason'] },
  DebriefHeld: { paths: ['notes'] },
  IncidentReviewed: { paths: ['notes'] },
  RecordViewed: { subject: (d) => str(d.viewerId), paths: ['viewerName'] },
  // The grounds of a hold may name people; they go with the subject. An erasure's reason stays readable.
  LegalHoldPlaced: { subject: (d) => str(d.subjectId), paths: ['reason'] },
  LegalHoldLifted: { subject: (d) => str(d.subjectId), paths: ['reason'] },
};

export function pathsOf(rule: PersonalDataRule, data: Record<string, unknown>): readonly string[] {
  return typeof rule.paths === 'function' ? rule.paths(data) : rule.paths;
}

/**
 * Rewrites every string value at `path` with `fn` (given the value and the path as written in the
 * rule, which is the same for every element of a list). Returns a copy; `data` is not changed.
 */
export function mapPath(data: unknown, path: string, fn: (value: unknown) => unknown): unknown {
  const [head, ...rest] = path.split('.');
  if (head === undefined || typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const record = data as Record<string, unknown>;
  const list = head.endsWith('[]');
  const key = list ? head.slice(0, -2) : head;
  if (!(key in record)) return data;
  const at = (v: unknown) => (rest.length === 0 ? fn(v) : mapPath(v, rest.join('.'), fn));
  const value = record[key];
  if (list) return Array.isArray(value) ? { ...record, [key]: value.map(at) } : data;
  return { ...record, [key]: at(value) };
}
