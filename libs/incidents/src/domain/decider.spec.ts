import { DeciderSpecification, fold } from '#lib/kernel';
import type { CorrectIncident, IncidentCommand, RecordIncident, RecordParentNotification } from './commands.js';
import type { IncidentEvent, IncidentRecorded } from './events.js';
import { incidentDecider, incidentDurationMinutes, incidentStream } from './decider.js';
import { upcastIncidentEvent } from './upcasters.js';
import { TEAM_TEACH_HOLDS } from './vocabulary.js';

const NOW = '2025-03-10T15:00:00Z';
const spec = () => DeciderSpecification.for(incidentDecider);

const recordIncident = (overrides: Partial<RecordIncident> = {}): RecordIncident => ({
  type: 'RecordIncident',
  incidentId: 'i-1',
  pupilId: 'p-1',
  pupilSen: { sen: true, ehcp: true },
  occurredAt: '2025-03-10T11:00:00Z',
  endedAt: '2025-03-10T11:04:30Z',
  location: ' Year 4 corridor ',
  staffInvolved: [{ staffId: 'lba-1', holds: ['single_elbow', ' '] }],
  antecedents: 'Refused to leave the hall, kicked a door',
  deEscalation: ['calm talk', 'offered choices'],
  interventionType: 'physical_restraint',
  reason: 'risk_of_injury_to_others',
  injuries: [],
  aftercare: 'Quiet room, water, checked by first aider',
  recordedBy: 'lba-1',
  now: NOW,
  ...overrides,
});

const recorded: IncidentRecorded = {
  type: 'IncidentRecorded',
  schemaVersion: 2,
  data: {
    incidentId: 'i-1',
    pupilId: 'p-1',
    pupilSen: { sen: true, ehcp: true },
    occurredAt: '2025-03-10T11:00:00Z',
    endedAt: '2025-03-10T11:04:30Z',
    location: 'Year 4 corridor',
    staffInvolved: [{ staffId: 'lba-1', holds: ['single_elbow'] }],
    antecedents: 'Refused to leave the hall, kicked a door',
    deEscalation: ['calm talk', 'offered choices'],
    interventionType: 'physical_restraint',
    reason: 'risk_of_injury_to_others',
    injuries: [],
    aftercare: 'Quiet room, water, checked by first aider',
    witnesses: [],
    durationMinutes: 5,
    recordedBy: 'lba-1',
    recordedAt: NOW,
  },
};

describe('incident stream', () => {
  it('is named after the incident', () => expect(incidentStream('i-1')).toBe('incident-i-1'));
});

describe('RecordIncident', () => {
  it('records the statutory fields, trimmed, with the duration rounded up', () => spec().given([]).when(recordIncident()).then([recorded]));

  it('refuses a second record on the same stream', () =>
    spec().given([recorded]).when(recordIncident()).thenThrows('incident.already_recorded'));

  it.each(['pupilId', 'location', 'antecedents', 'aftercare'] as const)('requires %s', (field) =>
    spec()
      .given([])
      .when(recordIncident({ [field]: '  ' }))
      .thenThrows('incident.field_required'),
  );

  it('requires at least one member of staff, each with at least one hold', () => {
    spec()
      .given([])
      .when(recordIncident({ staffInvolved: [] }))
      .thenThrows('incident.staff_required');
    spec()
      .given([])
      .when(recordIncident({ staffInvolved: [{ staffId: 'lba-1', holds: [] }] }))
      .thenThrows('incident.holds_required');
    spec()
      .given([])
      .when(
        recordIncident({
          staffInvolved: [
            { staffId: 'lba-1', holds: ['wrap'] },
            { staffId: 'ta-1', holds: [' '] },
          ],
        }),
      )
      .thenThrows('incident.holds_required');
  });

  it.each(['seclusion', 'restraint_without_contact', 'mechanical_restraint'] as const)('records a %s with no holds', (interventionType) =>
    spec()
      .given([])
      .when(recordIncident({ interventionType, staffInvolved: [{ staffId: 'lba-1', holds: [] }] }))
      .thenState((s) => expect(s?.record).toMatchObject({ interventionType, staffInvolved: [{ staffId: 'lba-1', holds: [] }] })),
  );

  it('requires a hold each for a guide or escort too, naming the field', () =>
    expect(() =>
      incidentDecider.decide(recordIncident({ interventionType: 'guide_escort', staffInvolved: [{ staffId: 'lba-1', holds: [] }] }), null),
    ).toThrow(/staffInvolved\[0\]\.holds/));

  it('names an agency worker or volunteer by name and role, with a justification', () =>
    spec()
      .given([])
      .when(
        recordIncident({
          staffInvolved: [
            { staffId: 'lba-1', holds: ['single_elbow'], justification: ' To stop him running into the road ' },
            { name: ' Jo Agency ', roleDescription: 'Agency teaching assistant', holds: ['friendly_escort'] },
          ],
        }),
      )
      .thenState((s) =>
        expect(s?.record.staffInvolved).toEqual([
          { staffId: 'lba-1', holds: ['single_elbow'], justification: 'To stop him running into the road' },
          { name: 'Jo Agency', roleDescription: 'Agency teaching assistant', holds: ['friendly_escort'] },
        ]),
      ));

  it('needs either a staff id or a name with a role, not both and not neither', () => {
    spec()
      .given([])
      .when(recordIncident({ staffInvolved: [{ holds: ['wrap'] }] }))
      .thenThrows('incident.staff_identity');
    spec()
      .given([])
      .when(recordIncident({ staffInvolved: [{ staffId: 'lba-1', name: 'Jo', roleDescription: 'Agency', holds: ['wrap'] }] }))
      .thenThrows('incident.staff_identity');
    spec()
      .given([])
      .when(recordIncident({ staffInvolved: [{ name: 'Jo Agency', holds: ['wrap'] }] }))
      .thenThrows('incident.staff_role_required');
  });

  it('records structured injuries, the body map without repeats', () =>
    spec()
      .given([])
      .when(
        recordIncident({
          injuries: [
            {
              person: 'pupil',
              description: ' Red mark on the left wrist ',
              bodyMap: ['left_hand', 'left_hand', 'back_of_left_arm'],
              firstAidGiven: true,
              medicalAttention: false,
              riddorReportable: false,
            },
          ],
        }),
      )
      .thenState((s) =>
        expect(s?.record.injuries).toEqual([
          {
            person: 'pupil',
            description: 'Red mark on the left wrist',
            bodyMap: ['left_hand', 'back_of_left_arm'],
            firstAidGiven: true,
            medicalAttention: false,
            riddorReportable: false,
          },
        ]),
      ));

  it('refuses an injury with no description, or a pupil injury naming staff', () => {
    const injury = {
      person: 'pupil' as const,
      description: ' ',
      bodyMap: [],
      firstAidGiven: false,
      medicalAttention: false,
      riddorReportable: false,
    };
    spec()
      .given([])
      .when(recordIncident({ injuries: [injury] }))
      .thenThrows('incident.injury_description_required');
    spec()
      .given([])
      .when(recordIncident({ injuries: [{ ...injury, description: 'bruise', staffId: 'ta-1' }] }))
      .thenThrows('incident.injury_person');
  });

  it('accepts a hold that is not in the Team Teach list', () =>
    spec()
      .given([])
      .when(recordIncident({ staffInvolved: [{ staffId: 'lba-1', holds: ['proact_arm_support'] }] }))
      .thenState((s) => expect(s?.record.staffInvolved[0]?.holds).toEqual(['proact_arm_support'])));

  it('exports the Team Teach holds', () => expect(TEAM_TEACH_HOLDS).toEqual(expect.arrayContaining(['figure_of_four', 'seated_wrap'])));

  it('requires at least one de-escalation step', () => {
    spec()
      .given([])
      .when(recordIncident({ deEscalation: [] }))
      .thenThrows('incident.de_escalation_required');
    spec()
      .given([])
      .when(recordIncident({ deEscalation: [' '] }))
      .thenThrows('incident.de_escalation_required');
  });

  it('requires the end after the start: one minute passes, equal fails', () => {
    spec()
      .given([])
      .when(recordIncident({ endedAt: '2025-03-10T11:01:00Z' }))
      .thenState((s) => expect(s?.durationMinutes).toBe(1));
    spec()
      .given([])
      .when(recordIncident({ endedAt: '2025-03-10T11:00:00Z' }))
      .thenThrows('incident.end_not_after_start');
    spec()
      .given([])
      .when(recordIncident({ endedAt: '2025-03-10T10:59:00Z' }))
      .thenThrows('incident.end_not_after_start');
  });

  it('refuses an incident in the future; ending exactly now is fine', () => {
    spec()
      .given([])
      .when(recordIncident({ endedAt: NOW }))
      .thenState((s) => expect(s?.record.endedAt).toBe(NOW));
    spec()
      .given([])
      .when(recordIncident({ endedAt: '2025-03-10T15:00:01Z' }))
      .thenThrows('incident.occurred_in_future');
    spec()
      .given([])
      .when(recordIncident({ occurredAt: '2025-03-10T15:01:00Z', endedAt: '2025-03-10T15:02:00Z' }))
      .thenThrows('incident.occurred_in_future');
  });

  it('refuses malformed times', () =>
    spec()
      .given([])
      .when(recordIncident({ occurredAt: '2025-03-10 11:00' }))
      .thenThrows('incident.invalid_field'));

  it('keeps witnesses and the SEN status at the time', () =>
    spec()
      .given([])
      .when(recordIncident({ witnesses: ['ta-2', ' '], pupilSen: { sen: true, ehcp: false } }))
      .thenState((s) => {
        expect(s?.record.witnesses).toEqual(['ta-2']);
        expect(s?.record.pupilSen).toEqual({ sen: true, ehcp: false });
      }));

  it('computes whole minutes rounded up', () => {
    expect(incidentDurationMinutes('2025-03-10T11:00:00Z', '2025-03-10T11:04:00Z')).toBe(4);
    expect(incidentDurationMinutes('2025-03-10T11:00:00Z', '2025-03-10T11:04:01Z')).toBe(5);
  });
});

describe('commands on an incident that does not exist', () => {
  it.each<IncidentCommand>([
    { type: 'ReviewIncident', notes: 'n', by: 'dsl-1', byRoles: ['dsl'], now: NOW },
    { type: 'RecordDebrief', debriefId: 'd-1', kind: 'pupil', heldAt: NOW, notes: 'n', by: 'dsl-1', now: NOW },
    { type: 'CorrectIncident', correctionId: 'x-1', field: 'location', value: 'Hall', reason: 'r', by: 'dsl-1', now: NOW },
  ])('refuses %o', (command) => spec().given([]).when(command).thenThrows('incident.not_found'));
});

describe('CorrectIncident', () => {
  const correction = (overrides: Partial<CorrectIncident> = {}): IncidentCommand =>
    ({
      type: 'CorrectIncident',
      correctionId: 'x-1',
      field: 'location',
      value: ' Main hall ',
      reason: 'Wrong room chosen',
      by: 'lba-1',
      now: '2025-03-10T16:00:00Z',
      ...overrides,
    }) as IncidentCommand;

  it('records a correction as a new event and shows the corrected value', () => {
    const events = incidentDecider.decide(correction(), fold(incidentDecider, [recorded]));
    expect(events).toEqual([
      {
        type: 'IncidentCorrected',
        schemaVersion: 2,
        data: {
          correctionId: 'x-1',
          field: 'location',
          value: 'Main hall',
          reason: 'Wrong room chosen',
          correctedBy: 'lba-1',
          correctedAt: '2025-03-10T16:00:00Z',
        },
      },
    ]);
    const state = fold(incidentDecider, [recorded, ...events]);
    expect(state?.record.location).toBe('Main hall');
    expect(state?.corrections).toHaveLength(1);
    expect(recorded.data.location).toBe('Year 4 corridor');
  });

  it('recomputes the duration when a time is corrected', () =>
    spec()
      .given([recorded])
      .when(correction({ field: 'endedAt', value: '2025-03-10T11:10:00Z' }))
      .thenState((s) => expect(s?.durationMinutes).toBe(10)));

  it('requires a reason', () =>
    spec()
      .given([recorded])
      .when(correction({ reason: ' ' }))
      .thenThrows('incident.correction_reason_required'));

  it('refuses a field that cannot be corrected', () =>
    spec()
      .given([recorded])
      .when(correction({ field: 'pupilId' as never, value: 'p-2' as never }))
      .thenThrows('incident.field_not_correctable'));

  it('refuses a correction id already used', () => {
    const [event] = incidentDecider.decide(correction(), fold(incidentDecider, [recorded]));
    spec()
      .given([recorded, event as IncidentEvent])
      .when(correction())
      .thenThrows('incident.correction_exists');
  });

  it('refuses a correction that would break a statutory rule', () => {
    spec()
      .given([recorded])
      .when(correction({ field: 'location', value: ' ' }))
      .thenThrows('incident.field_required');
    spec()
      .given([recorded])
      .when(correction({ field: 'endedAt', value: '2025-03-10T10:00:00Z' }))
      .thenThrows('incident.end_not_after_start');
    spec()
      .given([recorded])
      .when(correction({ field: 'staffInvolved', value: [] }))
      .thenThrows('incident.staff_required');
    spec()
      .given([recorded])
      .when(correction({ field: 'deEscalation', value: [] }))
      .thenThrows('incident.de_escalation_required');
  });
});

describe('RecordParentNotification', () => {
  const notify = (overrides: Partial<RecordParentNotification> = {}): IncidentCommand => ({
    type: 'RecordParentNotification',
    notifiedAt: '2025-03-10T14:00:00Z',
    method: 'phone',
    notifiedBy: 'Mrs Patel (class teacher)',
    parentName: ' Sam Brown ',
    relationship: 'mother',
    summaryShared: 'What happened, the hold used, that he is calm now',
    by: 'lba-1',
    now: NOW,
    ...overrides,
  });

  it('records that the parent was told', () =>
    spec()
      .given([recorded])
      .when(notify())
      .then([
        {
          type: 'ParentNotified',
          schemaVersion: 2,
          data: {
            notifiedAt: '2025-03-10T14:00:00Z',
            method: 'phone',
            notifiedBy: 'Mrs Patel (class teacher)',
            parentName: 'Sam Brown',
            relationship: 'mother',
            summaryShared: 'What happened, the hold used, that he is calm now',
            recordedBy: 'lba-1',
            recordedAt: NOW,
          },
        },
      ]));

  it('records when a copy of the record was sent, not before the incident', () => {
    spec()
      .given([recorded])
      .when(notify({ recordCopySentAt: '2025-03-10T14:30:00Z' }))
      .thenState((s) => expect(s?.parentNotifications[0]?.recordCopySentAt).toBe('2025-03-10T14:30:00Z'));
    spec()
      .given([recorded])
      .when(notify({ recordCopySentAt: '2025-03-09T14:30:00Z' }))
      .thenThrows('incident.record_copy_time');
  });

  it('requires who told which parent and what was shared', () => {
    for (const blank of [{ notifiedBy: ' ' }, { parentName: '' }, { summaryShared: ' ' }]) {
      spec().given([recorded]).when(notify(blank)).thenThrows('incident.parent_notification_incomplete');
    }
  });

  it('accepts a notification at the moment of the incident, refuses one before it', () => {
    spec()
      .given([recorded])
      .when(notify({ notifiedAt: '2025-03-10T11:00:00Z' }))
      .thenState((s) => expect(s?.parentNotifications).toHaveLength(1));
    spec()
      .given([recorded])
      .when(notify({ notifiedAt: '2025-03-10T10:59:59Z' }))
      .thenThrows('incident.notified_before_incident');
  });

  it('refuses a notification in the future', () =>
    spec()
      .given([recorded])
      .when(notify({ notifiedAt: '2025-03-10T15:00:01Z' }))
      .thenThrows('incident.notified_in_future'));
});

describe('ExemptParentNotification', () => {
  const exempt = (byRoles: ('staff' | 'dsl' | 'deputy_dsl' | 'headteacher')[], significantHarmRisk = true): IncidentCommand => ({
    type: 'ExemptParentNotification',
    reason: ' Father is the subject of a section 47 enquiry ',
    significantHarmRisk,
    by: 'x-1',
    byRoles,
    now: NOW,
  });

  it.each(['dsl', 'headteacher'] as const)('is the decision of the %s, on the ground of significant harm', (role) =>
    spec()
      .given([recorded])
      .when(exempt(['staff', role]))
      .then([
        {
          type: 'ParentNotificationExempted',
          schemaVersion: 2,
          data: {
            reason: 'Father is the subject of a section 47 enquiry',
            significantHarmRisk: true,
            decidedAs: role,
            recordedBy: 'x-1',
            recordedAt: NOW,
          },
        },
      ]),
  );

  it('is refused to anyone else (a deputy DSL or an assistant), and without the ground', () => {
    spec()
      .given([recorded])
      .when(exempt(['staff']))
      .thenThrows('incident.exemption_requires_dsl_or_head');
    spec()
      .given([recorded])
      .when(exempt(['deputy_dsl']))
      .thenThrows('incident.exemption_requires_dsl_or_head');
    spec()
      .given([recorded])
      .when(exempt(['dsl'], false))
      .thenThrows('incident.exemption_ground');
  });
});

describe('v1 history through the upcasters', () => {
  const v1 = {
    ...recorded.data,
    interventionType: undefined,
    injuries: undefined,
    forceType: 'restrictive_hold',
    pupilInjury: 'None',
    staffInjury: 'Scratch to left hand',
  };

  it('reads an incident recorded with a force type as a physical restraint, keeping what it was recorded with', () => {
    const { schemaVersion, data } = upcastIncidentEvent('IncidentRecorded', 1, JSON.parse(JSON.stringify(v1)));
    expect(schemaVersion).toBe(2);
    const state = fold(incidentDecider, [{ type: 'IncidentRecorded', schemaVersion, data } as IncidentEvent]);
    expect(state?.record).toMatchObject({
      interventionType: 'physical_restraint',
      forceType: 'restrictive_hold',
      injuries: [],
      pupilInjury: 'None',
      staffInjury: 'Scratch to left hand',
    });
  });

  it('maps each v1 force type, and a v1 correction of it', () => {
    const typeOf = (forceType: string) =>
      (upcastIncidentEvent('IncidentRecorded', 1, { ...v1, forceType }).data as { interventionType: string }).interventionType;
    expect(['restraint', 'seclusion', 'restrictive_hold', 'guide_escort'].map(typeOf)).toEqual([
      'physical_restraint',
      'seclusion',
      'physical_restraint',
      'guide_escort',
    ]);
    expect(upcastIncidentEvent('IncidentCorrected', 1, { field: 'forceType', value: 'seclusion', reason: 'r' })).toEqual({
      schemaVersion: 2,
      data: { field: 'interventionType', value: 'seclusion', reason: 'r' },
    });
    expect(upcastIncidentEvent('IncidentRecorded', 2, recorded.data)).toEqual({ schemaVersion: 2, data: recorded.data });
  });

  it('still takes a correction of a v1 record (its holds for everyone stand)', () => {
    const { data } = upcastIncidentEvent('IncidentRecorded', 1, v1);
    spec()
      .given([{ type: 'IncidentRecorded', schemaVersion: 2, data } as IncidentEvent])
      .when({ type: 'CorrectIncident', correctionId: 'c-1', field: 'location', value: 'Hall', reason: 'wrong room', by: 'lba-1', now: NOW })
      .thenState((s) => expect(s?.record).toMatchObject({ location: 'Hall', forceType: 'restrictive_hold', pupilInjury: 'None' }));
  });
});

describe('RecordDebrief', () => {
  const debrief = (overrides: Partial<Extract<IncidentCommand, { type: 'RecordDebrief' }>> = {}): IncidentCommand => ({
    type: 'RecordDebrief',
    debriefId: 'd-1',
    kind: 'pupil',
    heldAt: '2025-03-10T13:00:00Z',
    notes: 'Talked through what happened; pupil drew a picture',
    by: 'lba-1',
    now: NOW,
    ...overrides,
  });
  const held: IncidentEvent = {
    type: 'DebriefHeld',
    schemaVersion: 1,
    data: {
      debriefId: 'd-1',
      kind: 'pupil',
      heldAt: '2025-03-10T13:00:00Z',
      notes: 'Talked through what happened; pupil drew a picture',
      recordedBy: 'lba-1',
      recordedAt: NOW,
    },
  };

  it('records a debrief', () => spec().given([recorded]).when(debrief()).then([held]));

  it('refuses a debrief id already used', () => spec().given([recorded, held]).when(debrief()).thenThrows('incident.debrief_exists'));

  it('accepts a debrief as the incident ends, refuses one before', () => {
    spec()
      .given([recorded])
      .when(debrief({ heldAt: '2025-03-10T11:04:30Z' }))
      .thenState((s) => expect(s?.debriefs).toHaveLength(1));
    spec()
      .given([recorded])
      .when(debrief({ heldAt: '2025-03-10T11:04:29Z' }))
      .thenThrows('incident.debrief_before_incident');
  });

  it('refuses a debrief in the future and one without notes', () => {
    spec()
      .given([recorded])
      .when(debrief({ heldAt: '2025-03-11T09:00:00Z' }))
      .thenThrows('incident.debrief_in_future');
    spec()
      .given([recorded])
      .when(debrief({ notes: '' }))
      .thenThrows('incident.debrief_notes_required');
  });
});

describe('ReviewIncident', () => {
  const review = (byRoles: Extract<IncidentCommand, { type: 'ReviewIncident' }>['byRoles'], notes = 'Plan updated'): IncidentCommand => ({
    type: 'ReviewIncident',
    notes,
    by: 'head-1',
    byRoles,
    now: NOW,
  });

  it.each([[['staff', 'dsl']], [['headteacher']]] as const)('accepts a review by %o', (roles) =>
    spec()
      .given([recorded])
      .when(review([...roles]))
      .then([{ type: 'IncidentReviewed', schemaVersion: 1, data: { notes: 'Plan updated', reviewedBy: 'head-1', reviewedAt: NOW } }]),
  );

  it.each([[['staff']], [['staff', 'deputy_dsl']], [['trust_admin']]] as const)('refuses a review by %o', (roles) =>
    spec()
      .given([recorded])
      .when(review([...roles]))
      .thenThrows('incident.review_requires_senior'),
  );

  it('requires notes', () =>
    spec()
      .given([recorded])
      .when(review(['dsl'], ' '))
      .thenThrows('incident.review_notes_required'));
});
