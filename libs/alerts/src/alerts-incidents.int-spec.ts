import { randomUUID } from 'node:crypto';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { fixtures } from './testing/alert-fixtures.js';
import { inbox } from './testing/inbox.js';

// The fake clock starts on Monday 2026-03-02 09:00 GMT; these tests move it forward only.
let p: TestPlatform;
let dsl: TestStaff;
let certified: TestStaff;
let uncertified: TestStaff;
let lapsed: TestStaff;
let f: ReturnType<typeof fixtures>;
const MIN = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();
const ids = { pupilA: randomUUID(), pupilB: randomUUID(), pupilC: randomUUID() };
let i1: string;
let i2: string;
let i3: string;

beforeAll(async () => {
  p = await startTestPlatform({ label: 'alerts_incidents' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  certified = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant' });
  uncertified = await p.createStaff({ school: 'oakfield', jobRole: 'one_to_one_ta' });
  lapsed = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
  f = fixtures(p, p.schools.oakfield);
  await f.recordTraining(certified.id, 'team_teach_level_2', '2025-09-01');
  await f.recordTraining(lapsed.id, 'team_teach_level_1', '2024-01-10');
});
afterAll(async () => p.close());

describe('restraint alerts when an incident is recorded', () => {
  it('alerts every restraint, a late record, and each hold used without an in-date certificate', async () => {
    const holds = ['single_elbow'];
    i1 = await f.recordIncident({
      pupilId: ids.pupilA,
      occurredAt: '2026-03-02T08:00:00Z',
      staffInvolved: [
        { staffId: certified.id, holds },
        { staffId: uncertified.id, holds },
        { staffId: lapsed.id, holds },
      ],
    });
    // 23:30 on Sunday, London time, recorded on Monday morning.
    i2 = await f.recordIncident({
      pupilId: ids.pupilB,
      occurredAt: '2026-03-01T23:30:00Z',
      staffInvolved: [{ staffId: certified.id, holds }],
    });
    i3 = await f.recordIncident({
      pupilId: ids.pupilC,
      occurredAt: '2026-03-02T08:30:00Z',
      staffInvolved: [{ staffId: certified.id, holds }],
    });
    await f.notifyParent(i3);
    await f.debrief(i3, 'pupil');
    await f.debrief(i3, 'staff');

    const alerts = await inbox(p, dsl.token);
    const of = (kind: string, incidentId: string) => alerts.filter((a) => a.kind === kind && a.subject.incidentId === incidentId);
    for (const id of [i1, i2, i3]) expect(of('restraint_recorded', id)).toHaveLength(1);
    expect(of('restraint_recorded_late', i1)).toHaveLength(0);
    expect(of('restraint_recorded_late', i2)).toEqual([expect.objectContaining({ raisedAt: p.clock.now().toISOString() })]);
    expect(
      of('uncertified_restraint', i1)
        .map((a) => a.subject.staffId)
        .sort(),
    ).toEqual([uncertified.id, lapsed.id].sort());
    expect(of('uncertified_restraint', i2)).toHaveLength(0);
    // Recorded after the end of its day: the parent alert is raised when the record arrives.
    expect(of('parent_not_notified', i2)).toEqual([expect.objectContaining({ raisedAt: p.clock.now().toISOString(), priority: 'high' })]);
    expect(of('parent_not_notified', i1)).toHaveLength(0);
  });

  it('alerts a parent not notified by the end of the London day, stamped with that instant', async () => {
    p.clock.set('2026-03-02T23:59:59.998Z');
    expect(await inbox(p, dsl.token, { kind: 'parent_not_notified', about: i1 })).toHaveLength(0);
    p.clock.set('2026-03-02T23:59:59.999Z');
    expect(await inbox(p, dsl.token, { kind: 'parent_not_notified', about: i1 })).toEqual([
      expect.objectContaining({ raisedAt: '2026-03-02T23:59:59.999Z' }),
    ]);
    expect(await inbox(p, dsl.token, { kind: 'parent_not_notified', about: i3 })).toHaveLength(0);
    p.clock.advanceMinutes(60);
    expect(await inbox(p, dsl.token, { kind: 'parent_not_notified', about: i1 })).toHaveLength(1);
  });

  it('alerts a debrief not held by the end of the 2nd school day', async () => {
    p.clock.set('2026-03-03T10:00:00Z');
    await f.debrief(i1, 'pupil');
    // Monday's incident: debriefs due by the end of Wednesday.
    p.clock.set('2026-03-04T23:59:59.998Z');
    expect(await inbox(p, dsl.token, { kind: 'debrief_overdue', about: i1 })).toHaveLength(0);
    p.clock.set('2026-03-04T23:59:59.999Z');
    const overdue = await inbox(p, dsl.token, { kind: 'debrief_overdue', about: i1 });
    expect(overdue).toEqual([expect.objectContaining({ raisedAt: '2026-03-04T23:59:59.999Z' })]);
    expect(overdue[0]!.message).toContain('staff debrief');
    expect(await inbox(p, dsl.token, { kind: 'debrief_overdue', about: i3 })).toHaveLength(0);
  });
});

describe('repeat_restraint', () => {
  it('asks for a behaviour-plan review on the 2nd restraint of a pupil within 7 days, once for that window', async () => {
    const now = p.clock.now().getTime() - 10 * MIN;
    const pupilId = randomUUID();
    const staffInvolved = [{ staffId: certified.id, holds: ['single_elbow'] }];
    const reviews = () => inbox(p, dsl.token, { kind: 'repeat_restraint', about: pupilId });
    await f.recordIncident({ pupilId, occurredAt: at(now - 7 * DAY), staffInvolved });
    expect(await reviews()).toHaveLength(0);
    const second = await f.recordIncident({ pupilId, occurredAt: at(now), staffInvolved });
    expect(await reviews()).toEqual([expect.objectContaining({ priority: 'high', subject: { pupilId, incidentId: second } })]);
    await f.recordIncident({ pupilId, occurredAt: at(now - 60 * MIN), staffInvolved });
    expect(await reviews()).toHaveLength(1);
  });

  it('does not fire for two restraints a minute more than 7 days apart', async () => {
    const now = p.clock.now().getTime() - 10 * MIN;
    const pupilId = randomUUID();
    const staffInvolved = [{ staffId: certified.id, holds: ['single_elbow'] }];
    await f.recordIncident({ pupilId, occurredAt: at(now - 7 * DAY - MIN), staffInvolved });
    await f.recordIncident({ pupilId, occurredAt: at(now), staffInvolved });
    expect(await inbox(p, dsl.token, { kind: 'repeat_restraint', about: pupilId })).toHaveLength(0);
  });
});
