import { In, type EntityManager } from 'typeorm';
import type { ConcernRaised } from '#lib/concerns';
import type { IncidentCorrected, IncidentRecorded } from '#lib/incidents';
import type { PupilRegistered } from '#lib/pupils';
import type { RecordedEvent } from '#lib/event-store';
import { insertIfAbsent, type Projection } from '#lib/read-models';
import { toIso } from '#lib/kernel';
import { chronologyLine, isLate } from './chronology-entry.js';
import { ChronologyConcern, ChronologyEntryRow, ChronologyIncident, ChronologyPupil } from './chronology.entities.js';
import { ChronologySubjects1780000000000, ChronologyTables1764489600000 } from './chronology.migrations.js';

export const CHRONOLOGY = 'chronology';

const CONCERN_EVENTS = [
  'ConcernRaised',
  'ConcernTriaged',
  'ConcernActionAssigned',
  'ConcernActionCompleted',
  'ConcernAddendumAdded',
  'ConcernClosed',
  'LadoReferralRecorded',
  'AllegationOutcomeRecorded',
];
const INCIDENT_EVENTS = [
  'IncidentRecorded',
  'ParentNotified',
  'ParentNotificationExempted',
  'DebriefHeld',
  'IncidentReviewed',
  'IncidentCorrected',
];

/**
 * One line per event per pupil it is about: a concern about three pupils appears in each of their
 * chronologies. Lines of a concern about an adult carry the adult and the case manager's role, so
 * row-level security shows them only to the case manager, never to the adult.
 */
export const chronologyProjection: Projection = {
  name: CHRONOLOGY,
  version: 3,
  entities: [ChronologyPupil, ChronologyConcern, ChronologyIncident, ChronologyEntryRow],
  readable: [ChronologyPupil, ChronologyEntryRow],
  migrations: [ChronologyTables1764489600000, ChronologySubjects1780000000000],
  eventTypes: ['PupilRegistered', ...CONCERN_EVENTS, ...INCIDENT_EVENTS],
  async apply(db: EntityManager, events: RecordedEvent[]) {
    for (const e of events) {
      if (e.type === 'PupilRegistered') {
        const p = (e as unknown as PupilRegistered).data;
        await insertIfAbsent(db, ChronologyPupil, { pupilId: p.pupilId, schoolId: p.schoolId });
        continue;
      }
      let subject: {
        pupilIds: string[];
        aboutAdult: boolean;
        aboutStaffId: string | null;
        caseManager: string | null;
        concernId: string | null;
        incidentId: string | null;
      } | null = null;
      if (e.type === 'ConcernRaised') {
        const c = (e as unknown as ConcernRaised).data;
        await insertIfAbsent(db, ChronologyConcern, {
          concernId: c.concernId,
          schoolId: e.metadata.schoolId,
          pupilIds: c.pupilIds,
          aboutAdult: c.aboutAdult !== null,
          aboutStaffId: c.aboutAdult?.staffId ?? null,
          caseManager: c.aboutAdult === null ? null : c.routedTo,
        });
      } else if (e.type === 'IncidentRecorded') {
        const i = (e as unknown as IncidentRecorded).data;
        await insertIfAbsent(db, ChronologyIncident, { incidentId: i.incidentId, schoolId: e.metadata.schoolId, pupilId: i.pupilId });
      }
      if (CONCERN_EVENTS.includes(e.type)) {
        const concernId = e.streamId.replace(/^concern-/, '');
        const concern = await db.findOneBy(ChronologyConcern, { concernId });
        if (concern) {
          subject = {
            pupilIds: concern.pupilIds,
            aboutAdult: concern.aboutAdult,
            aboutStaffId: concern.aboutStaffId,
            caseManager: concern.caseManager,
            concernId,
            incidentId: null,
          };
        }
      } else {
        const incidentId = e.streamId.replace(/^incident-/, '');
        const incident = await db.findOneBy(ChronologyIncident, { incidentId });
        if (incident)
          subject = { pupilIds: [incident.pupilId], aboutAdult: false, aboutStaffId: null, caseManager: null, concernId: null, incidentId };
        if (e.type === 'IncidentCorrected') await moveIncident(db, incidentId, (e as unknown as IncidentCorrected).data);
      }
      const line = chronologyLine(e);
      if (subject === null || line === null) continue;
      // Each line carries its pupil's school: a chronology is only ever read within that school. A pupil
      // the chronology does not know gets no line, as none could be read (the pupil is "not found").
      const pupils = await db.findBy(ChronologyPupil, { pupilId: In([...new Set(subject.pupilIds)]) });
      for (const pupil of pupils) {
        await insertIfAbsent(db, ChronologyEntryRow, {
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
          aboutAdult: subject.aboutAdult,
          aboutStaffId: subject.aboutStaffId,
          caseManager: subject.caseManager,
        });
      }
    }
  },
};

/** A corrected start time moves the incident's line (and may make it late). */
async function moveIncident(db: EntityManager, incidentId: string, correction: IncidentCorrected['data']): Promise<void> {
  if (correction.field !== 'occurredAt') return;
  const lines = await db.findBy(ChronologyEntryRow, { incidentId, kind: 'incident_recorded' });
  for (const l of lines) {
    await db.update(
      ChronologyEntryRow,
      { position: l.position, pupilId: l.pupilId },
      { occurredAt: new Date(correction.value), late: isLate(correction.value, toIso(l.recordedAt)) },
    );
  }
}
