import { randomUUID } from 'node:crypto';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { addMonths } from '#lib/kernel';
import { fixtures } from './testing/alert-fixtures.js';
import { inbox } from './testing/inbox.js';

let p: TestPlatform;
let dsl: TestStaff;
let deputy: TestStaff;
let head: TestStaff;
let f: ReturnType<typeof fixtures>;
const MIN = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  p = await startTestPlatform({ label: 'alerts_concerns' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  deputy = await p.createStaff({ school: 'oakfield', roles: ['deputy_dsl'], jobRole: 'teacher' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  f = fixtures(p, p.schools.oakfield);
});
afterAll(async () => p.close());

describe('concern_raised', () => {
  it('alerts the DSL to every new concern, with priority by urgency', async () => {
    const routine = await f.raiseConcern({ urgency: 'routine' });
    const urgent = await f.raiseConcern({ urgency: 'urgent' });
    const danger = await f.raiseConcern({ urgency: 'immediate_danger' });
    const alerts = await inbox(p, dsl.token, { kind: 'concern_raised' });
    const priorityOf = (id: string) => alerts.filter((a) => a.subject.concernId === id).map((a) => a.priority);
    expect(priorityOf(routine)).toEqual(['medium']);
    expect(priorityOf(urgent)).toEqual(['high']);
    expect(priorityOf(danger)).toEqual(['critical']);
    expect(alerts.find((a) => a.subject.concernId === routine)).toMatchObject({
      escalationLevel: 0,
      status: 'open',
      raisedAt: p.clock.now().toISOString(),
    });
  });

  it('sends a concern about an adult to the headteacher only', async () => {
    const adult = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
    const concernId = await f.raiseConcern({ aboutAdult: { staffId: adult.id } });
    expect(await inbox(p, head.token, { about: concernId })).toHaveLength(1);
    expect(await inbox(p, dsl.token, { about: concernId })).toHaveLength(0);
    expect(await inbox(p, deputy.token, { about: concernId })).toHaveLength(0);
  });
});

describe('escalation of an unacknowledged urgent concern', () => {
  it('goes to the deputy DSL at +15 minutes and to the headteacher at +30, not a moment before', async () => {
    const raisedAt = p.clock.now().getTime();
    const concernId = await f.raiseConcern({ urgency: 'urgent' });
    const escalations = async (token: string) => inbox(p, token, { kind: 'concern_unacknowledged', about: concernId });

    p.clock.set(at(raisedAt + 15 * MIN - 1000));
    expect(await escalations(head.token)).toHaveLength(0);

    p.clock.set(at(raisedAt + 15 * MIN));
    expect(await escalations(deputy.token)).toEqual([
      expect.objectContaining({ escalationLevel: 1, raisedAt: at(raisedAt + 15 * MIN), priority: 'high' }),
    ]);
    expect(await escalations(dsl.token)).toHaveLength(0);

    p.clock.set(at(raisedAt + 30 * MIN - 1000));
    expect((await escalations(head.token)).map((a) => a.escalationLevel)).toEqual([1]);

    p.clock.set(at(raisedAt + 30 * MIN));
    expect((await escalations(head.token)).map((a) => [a.escalationLevel, a.raisedAt, a.priority])).toEqual([
      [2, at(raisedAt + 30 * MIN), 'critical'],
      [1, at(raisedAt + 15 * MIN), 'high'],
    ]);
    expect((await escalations(deputy.token)).map((a) => a.escalationLevel)).toEqual([1]);

    p.clock.advanceMinutes(60);
    expect(await escalations(head.token)).toHaveLength(2);
  });

  it('does not escalate a concern acknowledged at +10 minutes', async () => {
    const raisedAt = p.clock.now().getTime();
    const concernId = await f.raiseConcern({ urgency: 'immediate_danger' });
    p.clock.set(at(raisedAt + 10 * MIN));
    await f.acknowledgeConcern(concernId);
    p.clock.set(at(raisedAt + 45 * MIN));
    expect(await inbox(p, head.token, { kind: 'concern_unacknowledged', about: concernId })).toHaveLength(0);
  });

  it('does not escalate a routine concern', async () => {
    const concernId = await f.raiseConcern({ urgency: 'routine' });
    p.clock.advanceMinutes(45);
    expect(await inbox(p, head.token, { kind: 'concern_unacknowledged', about: concernId })).toHaveLength(0);
  });

  it('reminds only the headteacher about an unacknowledged urgent concern about an adult', async () => {
    const raisedAt = p.clock.now().getTime();
    const concernId = await f.raiseConcern({ urgency: 'urgent', aboutAdult: { name: 'Visiting coach' } });
    p.clock.set(at(raisedAt + 30 * MIN));
    expect((await inbox(p, head.token, { kind: 'concern_unacknowledged', about: concernId })).map((a) => a.escalationLevel)).toEqual([2]);
    expect(await inbox(p, deputy.token, { about: concernId })).toHaveLength(0);
  });
});

describe('pupil_concern_pattern', () => {
  it('fires on the 3rd concern about a pupil within 30 days, once for that window', async () => {
    const now = p.clock.now().getTime();
    const pupilId = randomUUID();
    const patterns = () => inbox(p, dsl.token, { kind: 'pupil_concern_pattern', about: pupilId });
    await f.raiseConcern({ pupilIds: [pupilId], occurredAt: at(now - 30 * DAY) });
    await f.raiseConcern({ pupilIds: [pupilId], occurredAt: at(now - 20 * DAY) });
    expect(await patterns()).toHaveLength(0);
    const third = await f.raiseConcern({ pupilIds: [pupilId], occurredAt: at(now) });
    expect(await patterns()).toEqual([expect.objectContaining({ priority: 'high', subject: { pupilId, concernId: third } })]);
    await f.raiseConcern({ pupilIds: [pupilId], occurredAt: at(now - 10 * DAY) });
    expect(await patterns()).toHaveLength(1);
  });

  it('does not fire when the 3 concerns span a minute more than 30 days', async () => {
    const now = p.clock.now().getTime();
    const pupilId = randomUUID();
    await f.raiseConcern({ pupilIds: [pupilId], occurredAt: at(now - 30 * DAY - MIN) });
    await f.raiseConcern({ pupilIds: [pupilId], occurredAt: at(now - 20 * DAY) });
    await f.raiseConcern({ pupilIds: [pupilId], occurredAt: at(now) });
    expect(await inbox(p, dsl.token, { kind: 'pupil_concern_pattern', about: pupilId })).toHaveLength(0);
  });
});

describe('adult_low_level_pattern', () => {
  it('alerts the headteacher on the 2nd low-level concern about one adult within 12 months, once', async () => {
    const now = p.clock.now();
    const adult = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
    const patterns = (token: string) => inbox(p, token, { kind: 'adult_low_level_pattern', about: adult.id });
    await f.raiseConcern({ aboutAdult: { staffId: adult.id }, lowLevel: true, occurredAt: addMonths(now, -12).toISOString() });
    await f.raiseConcern({ aboutAdult: { staffId: adult.id }, lowLevel: false });
    expect(await patterns(head.token)).toHaveLength(0);
    await f.raiseConcern({ aboutAdult: { staffId: adult.id }, lowLevel: true });
    expect(await patterns(head.token)).toEqual([expect.objectContaining({ priority: 'high', escalationLevel: 0 })]);
    expect(await patterns(dsl.token)).toHaveLength(0);
    expect(await patterns(deputy.token)).toHaveLength(0);
    await f.raiseConcern({ aboutAdult: { staffId: adult.id }, lowLevel: true });
    expect(await patterns(head.token)).toHaveLength(1);
  });

  it('does not fire when the two are a minute more than 12 months apart', async () => {
    const now = p.clock.now();
    const adult = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
    await f.raiseConcern({
      aboutAdult: { staffId: adult.id },
      lowLevel: true,
      occurredAt: new Date(addMonths(now, -12).getTime() - MIN).toISOString(),
    });
    await f.raiseConcern({ aboutAdult: { staffId: adult.id }, lowLevel: true });
    expect(await inbox(p, head.token, { kind: 'adult_low_level_pattern', about: adult.id })).toHaveLength(0);
  });
});

describe('escalation across a restart', () => {
  it('keeps the timers in the database: escalates the unacknowledged concern, not the acknowledged one', async () => {
    const first = await startTestPlatform({ label: 'alerts_restart' });
    const headteacher = await first.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    const start = first.clock.now().getTime();
    const fx = fixtures(first, first.schools.oakfield);
    const ignored = await fx.raiseConcern({ urgency: 'urgent' });
    const acknowledged = await fx.raiseConcern({ urgency: 'urgent' });
    first.clock.set(at(start + 10 * MIN));
    await fx.acknowledgeConcern(acknowledged);
    first.clock.set(at(start + 12 * MIN));
    await first.settle();
    await first.close({ keepDatabase: true });

    first.clock.set(at(start + 20 * MIN));
    const second = await startTestPlatform({ reuse: first });
    try {
      expect((await inbox(second, headteacher.token, { kind: 'concern_unacknowledged', about: ignored })).map((a) => a.raisedAt)).toEqual([
        at(start + 15 * MIN),
      ]);
      second.clock.set(at(start + 30 * MIN));
      expect(
        (await inbox(second, headteacher.token, { kind: 'concern_unacknowledged', about: ignored })).map((a) => a.escalationLevel),
      ).toEqual([2, 1]);
      expect(await inbox(second, headteacher.token, { kind: 'concern_unacknowledged', about: acknowledged })).toHaveLength(0);
    } finally {
      await second.close();
    }
  });
});
