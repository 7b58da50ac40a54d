import { type ConcernEvent, type DslRecordEvent, isDslEntryLate } from '#lib/concerns';
import type { IncidentEvent } from '#lib/incidents';
import type { PupilEvent } from '#lib/pupils';
import { defineProjection, type Need, type Recorded, type Rows } from '#lib/read-models';
import { toIso } from '#lib/kernel';
import { chronologyLine, isLate } from './chronology-entry.js';
import { ChronologyConcern, ChronologyEntryRow, ChronologyIncident, ChronologyPupil } from './chronology.entities.js';
import { ChronologyTables1796139680513 } from './migrations/1796139680513-chronology-tables.js';

export const CHRONOLOGY = 'chronology';

type LineEvent = Recorded<ConcernEvent | IncidentEvent>;

const concernIdOf = (streamId: string) => streamId.replace(/^concern-/, '');
const incidentIdOf = (streamId: string) => streamId.replace(/^incident-/, '');
// By its stream, not its type's name: referrals, LADO steps and allegation outcomes are a concern's too.
const ofConcern = (e: LineEvent) => e.streamId.startsWith('concern-');

interface Subject {
  pupilIds: string[];
  aboutAdult: boolean;
  aboutStaffId: string | null;
  caseManager: string | null;
  concernId: string | null;
  incidentId: string | null;
}

/** Who a concern's or an incident's event is about, as recorded when it was raised. */
function subjectOf(e: LineEvent, rows: Rows): Subject | null {
  if (ofConcern(e)) {
    const concernId = concernIdOf(e.streamId);
    const concern = rows.of(ChronologyConcern).get({ concernId });
    return concern
      ? {
          pupilIds: concern.pupilIds,
          aboutAdult: concern.aboutAdult,
          aboutStaffId: concern.aboutStaffId,
          caseManager: concern.caseManager,
          concernId,
          incidentId: null,
        }
      : null;
  }
  const incidentId = incidentIdOf(e.streamId);
  const incident = rows.of(ChronologyIncident).get({ incidentId });
  return incident
    ? { pupilIds: [incident.pupilId], aboutAdult: false, aboutStaffId: null, caseManager: null, concernId: null, incidentId }
    : null;
}

/** A line's reads: its concern or incident, then (a second round) the pupils it is about. */
function lineNeeds(e: LineEvent, need: Need): void {
  if (e.type === 'ConcernRaised') {
    for (const pupilId of e.data.pupilIds) need.key(ChronologyPupil, { pupilId });
    return;
  }
  if (e.type === 'IncidentRecorded') {
    need.key(ChronologyPupil, { pupilId: e.data.pupilId });
    return;
  }
  if (ofConcern(e)) need.key(ChronologyConcern, { concernId: concernIdOf(e.streamId) });
  else need.key(ChronologyIncident, { incidentId: incidentIdOf(e.streamId) });
  const subject = subjectOf(e, need.peek);
  for (const pupilId of subject?.pupilIds ?? []) need.key(ChronologyPupil, { pupilId });
  if (e.type === 'IncidentCorrected' && e.data.field === 'occurredAt') {
    need.where(ChronologyEntryRow, { incidentId: incidentIdOf(e.streamId), kind: 'incident_recorded' });
  }
}

/**
 * Each line carries its pupil's school: a chronology is only ever read within that school. A pupil
 * the chronology does not know gets no line, as none could be read (the pupil is "not found").
 */
function addLine(e: LineEvent, rows: Rows): void {
  if (e.type === 'ConcernRaised') {
    rows.of(ChronologyConcern).insert({
      concernId: e.data.concernId,
      schoolId: e.metadata.schoolId,
      pupilIds: e.data.pupilIds,
      aboutAdult: e.data.aboutAdult !== null,
      aboutStaffId: e.data.aboutAdult?.staffId ?? null,
      caseManager: e.data.aboutAdult === null ? null : e.data.routedTo,
    });
  } else if (e.type === 'IncidentRecorded') {
    rows.of(ChronologyIncident).insert({ incidentId: e.data.incidentId, schoolId: e.metadata.schoolId, pupilId: e.data.pupilId });
  } else if (e.type === 'IncidentCorrected' && e.data.field === 'occurredAt') {
    // A corrected start time moves the incident's line (and may make it late).
    const value = e.data.value;
    const entries = rows.of(ChronologyEntryRow);
    for (const l of entries.where({ incidentId: incidentIdOf(e.streamId), kind: 'incident_recorded' })) {
      entries.update(l, { occurredAt: new Date(value), late: isLate(value, toIso(l.recordedAt)) });
    }
  }
  const subject = subjectOf(e, rows);
  const line = chronologyLine(e);
  if (subject === null || line === null) return;
  for (const pupilId of new Set(subject.pupilIds)) {
    const pupil = rows.of(ChronologyPupil).get({ pupilId });
    if (!pupil) continue;
    rows.of(ChronologyEntryRow).insert({
      position: e.globalPosition,
      pupilId: pupil.pupilId,
      schoolId: pupil.schoolId,
      kind: line.kind,
      summary: line.summary,
      occurredAt: new Date(line.occurredAt),
      recordedAt: new Date(e.recordedAt),
      late: isLate(line.occurredAt, e.recordedAt),
      concernId: subject.concernId,
      incidentId: subject.incidentId,
      entryId: null,
      aboutAdult: subject.aboutAdult,
      aboutStaffId: subject.aboutStaffId,
      caseManager: subject.caseManager,
    });
  }
}

const line = { needs: lineNeeds, fold: addLine };

/**
 * The DSL's own entry, in the pupil's chronology among the system's lines. It is about the pupil
 * alone (no adult), so row-level security shows it to whoever reads that pupil's chronology.
 */
const dslEntry = {
  needs: (e: Recorded<DslRecordEvent>, need: Need) => need.key(ChronologyPupil, { pupilId: e.data.pupilId }),
  fold: (e: Recorded<DslRecordEvent>, rows: Rows) => {
    const pupil = rows.of(ChronologyPupil).get({ pupilId: e.data.pupilId });
    const entry = chronologyLine(e);
    if (!pupil || entry === null) return;
    rows.of(ChronologyEntryRow).insert({
      position: e.globalPosition,
      pupilId: pupil.pupilId,
      schoolId: pupil.schoolId,
      kind: entry.kind,
      summary: entry.summary,
      occurredAt: new Date(entry.occurredAt),
      recordedAt: new Date(e.recordedAt),
      late: isDslEntryLate(entry.occurredAt, e.recordedAt),
      concernId: null,
      incidentId: null,
      entryId: e.data.entryId,
      aboutAdult: false,
      aboutStaffId: null,
      caseManager: null,
    });
  },
};

/**
 * One line per event per pupil it is about: a concern about three pupils appears in each of their
 * chronologies. Lines of a concern about an adult carry the adult and the case manager's role, so
 * row-level security shows them only to the case manager, never to the adult.
 */
export const chronologyProjection = defineProjection<PupilEvent | ConcernEvent | IncidentEvent | DslRecordEvent>()({
  name: CHRONOLOGY,
  version: 5,
  entities: [ChronologyPupil, ChronologyConcern, ChronologyIncident, ChronologyEntryRow],
  readable: [ChronologyPupil, ChronologyEntryRow],
  // A pupil's chronology travels with their child protection file to the school that received it.
  transferable: [ChronologyPupil, ChronologyEntryRow],
  migrations: [ChronologyTables1796139680513],
  handlers: {
    PupilRegistered: (e, rows) => void rows.of(ChronologyPupil).insert({ pupilId: e.data.pupilId, schoolId: e.data.schoolId }),
    ConcernRaised: line,
    ConcernTriaged: line,
    ConcernActionAssigned: line,
    ConcernActionCompleted: line,
    ConcernAddendumAdded: line,
    ConcernClosed: line,
    LadoReferralRecorded: line,
    AllegationOutcomeRecorded: line,
    ConcernReopened: line,
    ReferralMade: line,
    ReferralFollowedUp: line,
    ReferralResponseRecorded: line,
    InformationShared: line,
    DslEntryRecorded: dslEntry,
    IncidentRecorded: line,
    ParentNotified: line,
    ParentNotificationExempted: line,
    DebriefHeld: line,
    IncidentReviewed: line,
    IncidentCorrected: line,
  },
});
