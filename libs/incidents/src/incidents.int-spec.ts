import { randomUUID } from 'node:crypto';
import type { Role } from '#lib/kernel';
import { commandContext, CommandRunner, ViewLog } from '#lib/core';
import { pupilDecider, pupilStream } from '#lib/pupils';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let lba: TestStaff;
let ta: TestStaff;
let witness: TestStaff;
let bystander: TestStaff;
let dsl: TestStaff;
let riversideDsl: TestStaff;
let auditor: TestStaff;
let pupilId: string;
let riversidePupilId: string;

/** Pupils have no HTTP route in this module, so they are registered through the runner. */
async function registerPupil(schoolId: string, sen: boolean, ehcp: boolean): Promise<string> {
  const id = randomUUID();
  const system = { staffId: randomUUID(), name: 'test setup', roles: ['trust_admin'] as Role[], schoolId: null, trustId: p.trustId };
  await p.app.get(CommandRunner).run({
    streamId: pupilStream(id),
    decider: pupilDecider,
    context: commandContext(system, {}),
    schoolId,
    command: (_, now) => ({
      type: 'RegisterPupil' as const,
      pupilId: id,
      firstName: 'Ava',
      lastName: 'Brown',
      dateOfBirth: '2016-05-04',
      yearGroup: '4',
      sen,
      ehcp,
      schoolId,
      now,
    }),
  });
  return id;
}

const incident = (overrides: Record<string, unknown> = {}) => ({
  pupilId,
  occurredAt: '2026-03-02T08:30:00Z',
  endedAt: '2026-03-02T08:34:30Z',
  location: 'Year 4 corridor',
  staffInvolved: [
    { staffId: lba.id, holds: ['single_elbow'] },
    { staffId: ta.id, holds: ['friendly_escort', 'half_shield'] },
  ],
  antecedents: 'Refused to leave the hall and kicked a door',
  deEscalation: ['calm talk', 'offered choices', 'time out offered'],
  interventionType: 'physical_restraint',
  reason: 'risk_of_injury_to_others',
  injuries: [
    {
      person: 'staff',
      staffId: ta.id,
      description: 'Scratch to left hand',
      bodyMap: ['left_hand'],
      firstAidGiven: true,
      medicalAttention: false,
      riddorReportable: false,
    },
  ],
  aftercare: 'Quiet room, water, checked by first aider',
  witnesses: [witness.id],
  ...overrides,
});

async function recordIncident(overrides: Record<string, unknown> = {}, token = lba.token): Promise<string> {
  const res = await p.http('POST', '/api/incidents', { token, body: incident(overrides) });
  expect(res.status).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  p = await startTestPlatform({ label: 'incidents' });
  lba = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant', name: 'Lee Assistant' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
  witness = await p.createStaff({ school: 'oakfield', jobRole: 'one_to_one_ta' });
  bystander = await p.createStaff({ school: 'oakfield', jobRole: 'teacher' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  riversideDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
  auditor = await p.createTrustUser('trust_auditor');
  pupilId = await registerPupil(p.schools.oakfield, true, true);
  riversidePupilId = await registerPupil(p.schools.riverside, false, false);
});
afterAll(async () => p.close());

describe('recording an incident', () => {
  it('records a full incident (201) by a learning behaviour assistant and reads it back', async () => {
    const id = await recordIncident();
    const res = await p.http('GET', `/api/incidents/${id}`, { token: lba.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      schoolId: p.schools.oakfield,
      ...incident(),
      pupilSen: { sen: true, ehcp: true },
      durationMinutes: 5,
      recordedBy: lba.id,
      recordedAt: '2026-03-02T09:00:00.000Z',
      corrections: [],
      parentNotifications: [],
      debriefs: [],
      reviews: [],
      version: 0,
    });
    expect(res.body.history).toEqual([
      {
        type: 'IncidentRecorded',
        occurredAt: '2026-03-02T08:30:00Z',
        recordedAt: expect.any(String),
        actorId: lba.id,
        data: expect.objectContaining({ incidentId: id, location: 'Year 4 corridor' }),
      },
    ]);
  });

  it('records each read in the view log', async () => {
    const id = await recordIncident();
    await p.http('GET', `/api/incidents/${id}`, { token: lba.token, headers: { 'x-correlation-id': 'read-1' } });
    await p.http('GET', `/api/incidents/${id}`, { token: dsl.token });
    const views = await p.app.get(ViewLog).viewsOf(id);
    expect(views.map((v) => [v.viewerId, v.subjectType])).toEqual([
      [lba.id, 'incident'],
      [dsl.id, 'incident'],
    ]);
  });

  it.each([
    'pupilId',
    'occurredAt',
    'endedAt',
    'location',
    'staffInvolved',
    'antecedents',
    'deEscalation',
    'interventionType',
    'reason',
    'aftercare',
  ])('refuses an incident without %s (400 naming it) and stores nothing', async (field) => {
    const before = await p.eventCount();
    const body: Record<string, unknown> = incident();
    delete body[field];
    const res = await p.http('POST', '/api/incidents', { token: lba.token, body });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await p.eventCount()).toBe(before);
  });

  it.each([
    ['a blank location', { location: '   ' }, 'location'],
    ['no staff', { staffInvolved: [] }, 'staffInvolved'],
    ['a member of staff without holds', { staffInvolved: [{ staffId: randomUUID(), holds: [] }] }, 'staffInvolved[0].holds'],
    ['no de-escalation', { deEscalation: [] }, 'deEscalation'],
    ['an unknown force type', { forceType: 'pinned' }, 'forceType'],
    ['an unknown type of intervention', { interventionType: 'pinned' }, 'interventionType'],
    ['a force type that says another type', { forceType: 'seclusion' }, 'forceType'],
    [
      'an injury without first aid said',
      { injuries: [{ person: 'pupil', description: 'bruise', medicalAttention: false, riddorReportable: false }] },
      'injuries[0].firstAidGiven',
    ],
    [
      'a body-map region not on the map',
      {
        injuries: [
          {
            person: 'pupil',
            description: 'bruise',
            bodyMap: ['tail'],
            firstAidGiven: false,
            medicalAttention: false,
            riddorReportable: false,
          },
        ],
      },
      'injuries[0].bodyMap',
    ],
    ['an agency worker without a role', { staffInvolved: [{ name: 'Jo Agency', holds: ['wrap'] }] }, 'staffInvolved[0].roleDescription'],
    [
      'both a staff id and a name',
      { staffInvolved: [{ staffId: randomUUID(), name: 'Jo Agency', roleDescription: 'Agency TA', holds: ['wrap'] }] },
      'staffInvolved[0].name',
    ],
    ['an unknown reason', { reason: 'punishment' }, 'reason'],
    ['a time without an offset', { occurredAt: '2026-03-02T08:30:00' }, 'occurredAt'],
    ['a date without a time', { endedAt: '2026-03-02' }, 'endedAt'],
    ['an unknown field', { schoolId: 'x' }, 'schoolId'],
  ])('refuses %s with 400 and stores nothing', async (_, overrides, field) => {
    const before = await p.eventCount();
    const res = await p.http('POST', '/api/incidents', { token: lba.token, body: incident(overrides) });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await p.eventCount()).toBe(before);
  });

  it('refuses an incident that ends before it starts (422)', async () => {
    const before = await p.eventCount();
    const res = await p.http('POST', '/api/incidents', { token: lba.token, body: incident({ endedAt: '2026-03-02T08:29:00Z' }) });
    expect(res.status).toBe(422);
    expect(res.body.rule).toBe('incident.end_not_after_start');
    expect(await p.eventCount()).toBe(before);
  });

  it('refuses an incident starting in the future (422)', async () => {
    const res = await p.http('POST', '/api/incidents', {
      token: lba.token,
      body: incident({ occurredAt: '2026-03-02T09:30:00Z', endedAt: '2026-03-02T09:35:00Z' }),
    });
    expect(res.status).toBe(422);
    expect(res.body.rule).toBe('incident.occurred_in_future');
  });

  it('refuses a pupil of another school or an unknown pupil (422 incident.unknown_pupil)', async () => {
    for (const id of [riversidePupilId, randomUUID()]) {
      const res = await p.http('POST', '/api/incidents', { token: lba.token, body: incident({ pupilId: id }) });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('incident.unknown_pupil');
    }
  });

  it('refuses staff or witnesses who are not staff of the school (422 incident.unknown_staff)', async () => {
    const before = await p.eventCount();
    const elsewhere = await p.http('POST', '/api/incidents', {
      token: lba.token,
      body: incident({ staffInvolved: [{ staffId: riversideDsl.id, holds: ['wrap'] }] }),
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.rule).toBe('incident.unknown_staff');
    const unknownWitness = await p.http('POST', '/api/incidents', { token: lba.token, body: incident({ witnesses: [randomUUID()] }) });
    expect(unknownWitness.status).toBe(422);
    expect(unknownWitness.body.rule).toBe('incident.unknown_staff');
    expect(await p.eventCount()).toBe(before);
  });

  it('stores when it happened as the event occurredAt and the recorder as the actor', async () => {
    const id = await recordIncident();
    const { rows } = await p.db.pool.query<{ metadata: { occurredAt: string; actorId: string; schoolId: string } }>(
      'SELECT metadata FROM events WHERE stream_id = $1',
      [`incident-${id}`],
    );
    expect(rows[0]!.metadata).toMatchObject({ occurredAt: '2026-03-02T08:30:00Z', actorId: lba.id, schoolId: p.schools.oakfield });
  });

  it('repeats nothing for a repeated Idempotency-Key', async () => {
    const headers = { 'idempotency-key': `incident-${randomUUID()}` };
    const first = await p.http('POST', '/api/incidents', { token: lba.token, body: incident(), headers });
    const before = await p.eventCount();
    const again = await p.http('POST', '/api/incidents', { token: lba.token, body: incident(), headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await p.eventCount()).toBe(before);
  });
});

describe('corrections', () => {
  it('records a correction as a new event: GET shows the corrected value and keeps the original in the history', async () => {
    const id = await recordIncident();
    const res = await p.http('POST', `/api/incidents/${id}/corrections`, {
      token: lba.token,
      body: { field: 'location', value: 'Main hall', reason: 'Wrong place chosen' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, version: 1 });
    const read = await p.http('GET', `/api/incidents/${id}`, { token: dsl.token });
    expect(read.body.location).toBe('Main hall');
    expect(read.body.corrections).toEqual([
      expect.objectContaining({ field: 'location', value: 'Main hall', reason: 'Wrong place chosen', correctedBy: lba.id }),
    ]);
    expect(read.body.history.map((e: { type: string }) => e.type)).toEqual(['IncidentRecorded', 'IncidentCorrected']);
    expect(read.body.history[0].data.location).toBe('Year 4 corridor');
    expect(read.body.version).toBe(1);
  });

  it('checks the corrected value like the original field', async () => {
    const id = await recordIncident();
    const before = await p.eventCount();
    const blank = await p.http('POST', `/api/incidents/${id}/corrections`, {
      token: lba.token,
      body: { field: 'staffInvolved', value: [{ staffId: ta.id, holds: [] }], reason: 'Holds were wrong' },
    });
    expect(blank.status).toBe(400);
    expect(blank.body.errors.map((e: { field: string }) => e.field)).toContain('value[0].holds');
    const pupil = await p.http('POST', `/api/incidents/${id}/corrections`, {
      token: lba.token,
      body: { field: 'pupilId', value: riversidePupilId, reason: 'Wrong child' },
    });
    expect(pupil.status).toBe(400);
    const stranger = await p.http('POST', `/api/incidents/${id}/corrections`, {
      token: lba.token,
      body: { field: 'witnesses', value: [riversideDsl.id], reason: 'Missed a witness' },
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.rule).toBe('incident.unknown_staff');
    expect(await p.eventCount()).toBe(before);
  });

  it('recomputes the duration when the end is corrected', async () => {
    const id = await recordIncident();
    await p.http('POST', `/api/incidents/${id}/corrections`, {
      token: lba.token,
      body: { field: 'endedAt', value: '2026-03-02T08:40:00Z', reason: 'Checked the CCTV clock' },
    });
    expect((await p.http('GET', `/api/incidents/${id}`, { token: lba.token })).body.durationMinutes).toBe(10);
  });
});

describe('restrictive interventions (the 2026 regulations)', () => {
  it.each(['seclusion', 'restraint_without_contact', 'mechanical_restraint'])(
    'records a %s with no holds (201)',
    async (interventionType) => {
      const staffInvolved = [{ staffId: lba.id, holds: [] }];
      const id = await recordIncident({ interventionType, staffInvolved, injuries: [] });
      const read = await p.http('GET', `/api/incidents/${id}`, { token: lba.token });
      expect(read.body).toMatchObject({ interventionType, staffInvolved, injuries: [] });
    },
  );

  it('refuses a physical restraint (or a guide) without a hold: 400 naming the field, nothing stored', async () => {
    for (const interventionType of ['physical_restraint', 'guide_escort']) {
      const before = await p.eventCount();
      const res = await p.http('POST', '/api/incidents', {
        token: lba.token,
        body: incident({
          interventionType,
          staffInvolved: [
            { staffId: lba.id, holds: ['single_elbow'] },
            { staffId: ta.id, holds: [] },
          ],
        }),
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['staffInvolved[1].holds']);
      expect(await p.eventCount()).toBe(before);
    }
  });

  it('names an agency member of staff (stored encrypted, shown) beside registered staff with a justification', async () => {
    const staffInvolved = [
      { staffId: lba.id, holds: ['single_elbow'], justification: 'Ava was about to run into the car park' },
      { name: 'Jordan Okafor', roleDescription: 'Agency teaching assistant (Supply Co)', holds: ['friendly_escort'] },
    ];
    const id = await recordIncident({ staffInvolved });
    const read = await p.http('GET', `/api/incidents/${id}`, { token: dsl.token });
    expect(read.body.staffInvolved).toEqual(staffInvolved);
    const { rows } = await p.db.pool.query(
      "SELECT data::text AS d FROM events WHERE type = 'IncidentRecorded' AND data->>'incidentId' = $1",
      [id],
    );
    expect(rows[0].d).not.toMatch(/Jordan Okafor|Supply Co|car park/);
    // The staff member who recorded it sees the name too; the list still finds their incident.
    const mine = await p.http('GET', '/api/incidents?mine=true', { token: lba.token });
    expect(mine.body.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('suggests raising a concern when the pupil was injured (and not for a staff injury alone)', async () => {
    const pupilInjury = {
      person: 'pupil',
      description: 'Red mark on the left wrist',
      bodyMap: ['left_hand', 'back_of_left_arm'],
      firstAidGiven: true,
      medicalAttention: false,
      riddorReportable: false,
    };
    const injured = await p.http('POST', '/api/incidents', { token: lba.token, body: incident({ injuries: [pupilInjury] }) });
    expect(injured.status).toBe(201);
    expect(injured.body.suggestConcern).toEqual({ pupilId, message: expect.stringContaining('raise a safeguarding concern') });
    const read = await p.http('GET', `/api/incidents/${injured.body.id}`, { token: lba.token });
    expect(read.body.injuries).toEqual([pupilInjury]);
    const staffOnly = await p.http('POST', '/api/incidents', { token: lba.token, body: incident() });
    expect(staffOnly.body.suggestConcern).toBeNull();
  });

  it('still takes a v1 body (forceType and the free-text injuries) and maps the type', async () => {
    const { interventionType: _, injuries: __, ...v2 } = incident();
    const res = await p.http('POST', '/api/incidents', {
      token: lba.token,
      body: { ...v2, forceType: 'restrictive_hold', pupilInjury: 'None', staffInjury: 'Scratch to left hand' },
    });
    expect(res.status).toBe(201);
    const read = await p.http('GET', `/api/incidents/${res.body.id}`, { token: lba.token });
    expect(read.body).toMatchObject({
      interventionType: 'physical_restraint',
      forceType: 'restrictive_hold',
      injuries: [],
      pupilInjury: 'None',
      staffInjury: 'Scratch to left hand',
    });
  });

  it('corrects the type only where the staff recorded fit it', async () => {
    const id = await recordIncident({ interventionType: 'seclusion', staffInvolved: [{ staffId: lba.id, holds: [] }], injuries: [] });
    const toRestraint = await p.http('POST', `/api/incidents/${id}/corrections`, {
      token: lba.token,
      body: { field: 'interventionType', value: 'physical_restraint', reason: 'It was a hold, not a seclusion' },
    });
    expect(toRestraint.status).toBe(400);
    expect(toRestraint.body.errors.map((e: { field: string }) => e.field)).toEqual(['staffInvolved[0].holds']);
    const toNoContact = await p.http('POST', `/api/incidents/${id}/corrections`, {
      token: lba.token,
      body: { field: 'interventionType', value: 'restraint_without_contact', reason: 'The door was not locked' },
    });
    expect(toNoContact.status).toBe(200);
  });
});

describe('parent notification', () => {
  const told = {
    notifiedAt: '2026-03-02T08:50:00Z',
    method: 'phone',
    notifiedBy: 'Mrs Patel (class teacher)',
    parentName: 'Sam Brown',
    relationship: 'mother',
    summaryShared: 'What happened in the corridor, the hold used, and that Ava was calm by break',
  };

  it('records which parent was told, how, by whom, what was shared and when a copy of the record was sent', async () => {
    const id = await recordIncident();
    const res = await p.http('POST', `/api/incidents/${id}/parent-notification`, {
      token: lba.token,
      body: { ...told, recordCopySentAt: '2026-03-02T08:55:00Z' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, version: 1 });
    const read = await p.http('GET', `/api/incidents/${id}`, { token: lba.token });
    expect(read.body.parentNotifications).toEqual([expect.objectContaining({ ...told, recordCopySentAt: '2026-03-02T08:55:00Z' })]);
    expect(read.body.history[1]).toMatchObject({ type: 'ParentNotified', occurredAt: '2026-03-02T08:50:00Z', actorId: lba.id });
    // Who was told and what: personal data, encrypted at rest.
    const { rows } = await p.db.pool.query("SELECT data::text AS d FROM events WHERE type = 'ParentNotified'");
    expect(rows.map((r: { d: string }) => r.d).join()).not.toMatch(/Sam Brown|corridor/);
  });

  it('refuses a notification without the method, the parent or what was shared (400), and takes no exemption (400)', async () => {
    const id = await recordIncident();
    for (const [field, body] of [
      ['method', { ...told, method: undefined }],
      ['parentName', { ...told, parentName: undefined }],
      ['relationship', { ...told, relationship: 'neighbour' }],
      ['summaryShared', { ...told, summaryShared: ' ' }],
      ['exemptionReason', { ...told, exemptionReason: 'None needed' }],
    ] as const) {
      const res = await p.http('POST', `/api/incidents/${id}/parent-notification`, { token: lba.token, body });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await p.http('GET', `/api/incidents/${id}`, { token: lba.token })).body.version).toBe(0);
  });
});

describe('debriefs and review', () => {
  it('records a pupil debrief and a staff debrief', async () => {
    const id = await recordIncident();
    const pupil = await p.http('POST', `/api/incidents/${id}/debriefs`, {
      token: lba.token,
      body: { kind: 'pupil', heldAt: '2026-03-02T08:45:00Z', notes: 'Talked it through; drew a picture' },
    });
    expect(pupil.body).toEqual({ id, version: 1 });
    const staff = await p.http('POST', `/api/incidents/${id}/debriefs`, {
      token: ta.token,
      body: { kind: 'staff', heldAt: '2026-03-02T08:55:00Z', notes: 'Agreed to try the sensory room first next time' },
    });
    expect(staff.body).toEqual({ id, version: 2 });
    const read = await p.http('GET', `/api/incidents/${id}`, { token: lba.token });
    expect(read.body.debriefs.map((d: { kind: string; recordedBy: string }) => [d.kind, d.recordedBy])).toEqual([
      ['pupil', lba.id],
      ['staff', ta.id],
    ]);
  });

  it('refuses a debrief held before the incident ended (422) and one of an unknown kind (400)', async () => {
    const id = await recordIncident();
    const early = await p.http('POST', `/api/incidents/${id}/debriefs`, {
      token: lba.token,
      body: { kind: 'pupil', heldAt: '2026-03-02T08:31:00Z', notes: 'n' },
    });
    expect(early.status).toBe(422);
    const kind = await p.http('POST', `/api/incidents/${id}/debriefs`, {
      token: lba.token,
      body: { kind: 'parent', heldAt: '2026-03-02T08:45:00Z', notes: 'n' },
    });
    expect(kind.status).toBe(400);
  });

  it('lets the DSL review (200) and refuses a teaching assistant (403)', async () => {
    const id = await recordIncident();
    const byDsl = await p.http('POST', `/api/incidents/${id}/review`, {
      token: dsl.token,
      body: { notes: 'Positive handling plan updated' },
    });
    expect(byDsl.status).toBe(200);
    expect(byDsl.body).toEqual({ id, version: 1 });
    const before = await p.eventCount();
    const byTa = await p.http('POST', `/api/incidents/${id}/review`, { token: ta.token, body: { notes: 'Looks fine' } });
    expect(byTa.status).toBe(403);
    expect(await p.eventCount()).toBe(before);
    const read = await p.http('GET', `/api/incidents/${id}`, { token: dsl.token });
    expect(read.body.reviews).toEqual([expect.objectContaining({ notes: 'Positive handling plan updated', reviewedBy: dsl.id })]);
  });
});

describe('who can see an incident', () => {
  let id: string;
  beforeAll(async () => {
    id = await recordIncident();
  });

  it('shows it to the staff involved and the DSL', async () => {
    expect((await p.http('GET', `/api/incidents/${id}`, { token: ta.token })).status).toBe(200);
    expect((await p.http('GET', `/api/incidents/${id}`, { token: dsl.token })).status).toBe(200);
  });

  it('is not found (404) for other staff of the school, another school and an unknown id', async () => {
    const viewsBefore = (await p.app.get(ViewLog).viewsOf(id)).length;
    expect((await p.http('GET', `/api/incidents/${id}`, { token: bystander.token })).status).toBe(404);
    expect((await p.http('GET', `/api/incidents/${id}`, { token: riversideDsl.token })).status).toBe(404);
    expect((await p.http('GET', `/api/incidents/${randomUUID()}`, { token: dsl.token })).status).toBe(404);
    expect((await p.http('GET', '/api/incidents/not-an-id', { token: dsl.token })).status).toBe(404);
    expect(await p.app.get(ViewLog).viewsOf(id)).toHaveLength(viewsBefore);
  });

  it('is not found (404) for another school adding to it', async () => {
    const res = await p.http('POST', `/api/incidents/${id}/debriefs`, {
      token: riversideDsl.token,
      body: { kind: 'staff', heldAt: '2026-03-02T08:45:00Z', notes: 'n' },
    });
    expect(res.status).toBe(404);
  });

  it('lets a trust auditor read (200) but not write (403)', async () => {
    expect((await p.http('GET', `/api/incidents/${id}`, { token: auditor.token })).status).toBe(200);
    const before = await p.eventCount();
    expect((await p.http('POST', '/api/incidents', { token: auditor.token, body: incident() })).status).toBe(403);
    expect(
      (
        await p.http('POST', `/api/incidents/${id}/corrections`, {
          token: auditor.token,
          body: { field: 'location', value: 'Hall', reason: 'r' },
        })
      ).status,
    ).toBe(403);
    expect(await p.eventCount()).toBe(before);
  });

  it('hides it from an auditor of another trust', async () => {
    const otherAuditor = await p.createTrustUser('trust_auditor', 'other');
    expect((await p.http('GET', `/api/incidents/${id}`, { token: otherAuditor.token })).status).toBe(404);
  });
});

describe('the list of incidents (my incidents)', () => {
  it('lists what each may read, with the pupil named and the follow-ups still to do', async () => {
    const id = await recordIncident({ witnesses: [] }, ta.token);
    await p.settle();
    const mine = await p.http('GET', '/api/incidents?mine=true', { token: ta.token });
    expect(mine.status).toBe(200);
    const listed = mine.body.find((i: { id: string }) => i.id === id);
    expect(listed).toMatchObject({
      pupil: { id: pupilId, name: 'Ava Brown' },
      involvesMe: true,
      outstanding: ['parent_notification', 'pupil_debrief', 'staff_debrief', 'review'],
    });

    const notified = await p.http('POST', `/api/incidents/${id}/parent-notification`, {
      token: ta.token,
      body: {
        notifiedAt: '2026-03-02T09:00:00Z',
        method: 'phone',
        notifiedBy: ta.id,
        parentName: 'Sam Brown',
        relationship: 'mother',
        summaryShared: 'What happened',
      },
    });
    expect(notified.status).toBe(200);
    const debriefed = await p.http('POST', `/api/incidents/${id}/debriefs`, {
      token: ta.token,
      body: { kind: 'pupil', heldAt: '2026-03-02T09:00:00Z', notes: 'Talked it through' },
    });
    expect(debriefed.status).toBe(200);
    const after = await p.http('GET', '/api/incidents?mine=true', { token: ta.token });
    expect(after.body.find((i: { id: string }) => i.id === id).outstanding).toEqual(['staff_debrief', 'review']);

    // Other staff see none of it; the DSL sees every incident of the school; an admin is refused.
    expect((await p.http('GET', '/api/incidents', { token: bystander.token })).body).toEqual([]);
    const school = await p.http('GET', '/api/incidents', { token: dsl.token });
    expect(school.body.map((i: { id: string }) => i.id)).toContain(id);
    expect(school.body.find((i: { id: string }) => i.id === id).involvesMe).toBe(false);
    expect((await p.http('GET', '/api/incidents', { token: riversideDsl.token })).body.map((i: { id: string }) => i.id)).not.toContain(id);
    const admin = await p.createTrustUser('trust_admin');
    expect((await p.http('GET', '/api/incidents', { token: admin.token })).status).toBe(403);
  });

  it('comes a page at a time, newest first, following Link rel="next"; a just-recorded incident is on the first page at once', async () => {
    const recorded = [];
    for (const minute of ['10', '20', '30']) {
      recorded.push(
        await recordIncident({ occurredAt: `2026-03-02T07:${minute}:00.000Z`, endedAt: `2026-03-02T07:${minute}:30.000Z` }, witness.token),
      );
    }
    // No settle: the list waits for its read model to apply what was stored before the request.
    const seen: { id: string; occurredAt: string }[] = [];
    let path: string | null = '/api/incidents?mine=true&limit=2';
    for (let pages = 0; path !== null; pages++) {
      expect(pages).toBeLessThan(3);
      const res: { status: number; body: { id: string; occurredAt: string }[]; headers: Headers } = await p.http('GET', path, {
        token: witness.token,
      });
      expect(res.status).toBe(200);
      expect(res.body.length).toBeLessThanOrEqual(2);
      seen.push(...res.body);
      path = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
    }
    expect(seen.map((i) => i.id)).toEqual([...recorded].reverse());
    expect(seen.map((i) => i.occurredAt)).toEqual(['2026-03-02T07:30:00.000Z', '2026-03-02T07:20:00.000Z', '2026-03-02T07:10:00.000Z']);
    const bad = await p.http('GET', '/api/incidents?cursor=nonsense', { token: witness.token });
    expect(bad).toMatchObject({ status: 400 });
    expect(JSON.stringify(bad.body)).toContain('cursor');
  });
});
