import type { ConcernRaised } from '#lib/concerns';
import type { IncidentRecorded } from '#lib/incidents';
import type { PupilRegistered } from '#lib/pupils';
import type { CoverAssigned, StaffMemberRegistered, TrainingCompleted } from '#lib/workforce';

// One builder per event a projection test gives often: a realistic event at Oakfield on Monday
// 2 March 2026 (the harness clock's default day), each field overridable. A test names only what
// its assertion depends on, so the defaults here are what no test should need to read.

export function pupilRegistered(pupilId: string, data: Partial<PupilRegistered['data']> = {}): PupilRegistered {
  return {
    type: 'PupilRegistered',
    schemaVersion: 1,
    data: {
      pupilId,
      firstName: 'Maya',
      lastName: 'Patel',
      dateOfBirth: '2018-05-04',
      yearGroup: '2',
      upn: null,
      sen: false,
      ehcp: false,
      schoolId: 'oakfield',
      registeredAt: '2026-03-01T08:00:00.000Z',
      ...data,
    },
  };
}

export function staffMemberRegistered(staffId: string, data: Partial<StaffMemberRegistered['data']> = {}): StaffMemberRegistered {
  return {
    type: 'StaffMemberRegistered',
    schemaVersion: 1,
    data: {
      staffId,
      name: `Staff ${staffId}`,
      email: `${staffId}@oakfield.test`,
      jobRole: 'teaching_assistant',
      roles: [],
      contractedHoursPerWeek: 32.5,
      startDate: '2025-09-01',
      hlta: false,
      schoolId: 'oakfield',
      registeredAt: '2026-03-01T08:00:00.000Z',
      ...data,
    },
  };
}

/** A Team Teach Level 2 certificate, in date on the harness clock's default day. */
export function trainingCompleted(completionId: string, data: Partial<TrainingCompleted['data']> = {}): TrainingCompleted {
  return {
    type: 'TrainingCompleted',
    schemaVersion: 1,
    data: {
      completionId,
      course: 'team_teach_level_2',
      completedOn: '2025-09-01',
      expiresOn: '2026-09-01',
      expiryComputed: true,
      provider: 'Team Teach',
      certificateRef: null,
      recordedAt: '2026-03-02T09:00:00.000Z',
      ...data,
    },
  };
}

/** A routine neglect concern about pupil p1, for the DSL. */
export function concernRaised(concernId: string, data: Partial<ConcernRaised['data']> = {}): ConcernRaised {
  return {
    type: 'ConcernRaised',
    schemaVersion: 1,
    data: {
      concernId,
      pupilIds: ['p1'],
      categories: ['neglect'],
      summary: 'Came in hungry again',
      details: 'Said there was no breakfast at home this week.',
      occurredAt: '2026-03-02T08:45:00.000Z',
      urgency: 'routine',
      informedDslVerbally: false,
      aboutAdult: null,
      lowLevel: false,
      bodyMap: [],
      routedTo: 'dsl',
      raisedBy: 'ada',
      raisedAt: '2026-03-02T09:00:00.000Z',
      ...data,
    },
  };
}

/** A four-minute restraint of pupil p1 (SEN) by ada, recorded the same morning. */
export function incidentRecorded(incidentId: string, data: Partial<IncidentRecorded['data']> = {}): IncidentRecorded {
  return {
    type: 'IncidentRecorded',
    schemaVersion: 1,
    data: {
      incidentId,
      pupilId: 'p1',
      pupilSen: { sen: true, ehcp: false },
      occurredAt: '2026-03-02T08:30:00.000Z',
      endedAt: '2026-03-02T08:34:00.000Z',
      location: 'Year 2 classroom',
      staffInvolved: [{ staffId: 'ada', holds: ['single_elbow'] }],
      antecedents: 'Ran at another pupil',
      deEscalation: ['calm_talking'],
      interventionType: 'physical_restraint',
      reason: 'risk_of_injury_to_others',
      injuries: [],
      aftercare: 'Quiet room',
      witnesses: [],
      durationMinutes: 4,
      recordedBy: 'ada',
      recordedAt: '2026-03-02T09:00:00.000Z',
      ...data,
    },
  };
}

/** An hour of ada covering 5R for an absent teacher (tom) on Monday 2 March, well under the cap. */
export function coverAssigned(assignmentId: string, data: Partial<CoverAssigned['data']> = {}): CoverAssigned {
  return {
    type: 'CoverAssigned',
    schemaVersion: 1,
    data: {
      assignmentId,
      staffId: 'ada',
      classGroup: '5R',
      date: '2026-03-02',
      start: '09:00',
      end: '10:00',
      minutes: 60,
      isoWeek: '2026-W10',
      reason: 'teacher absent',
      absentTeacherId: 'tom',
      deliversLesson: false,
      contractedMinutesPerWeek: 1950,
      capPercent: 20,
      weekCoverMinutes: 60,
      warnings: [],
      assignedBy: 'head',
      assignedAt: '2026-03-02T08:00:00.000Z',
      ...data,
    },
  };
}
