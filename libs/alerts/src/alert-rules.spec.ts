import { alertThresholdsFromEnv, DEFAULT_ALERT_THRESHOLDS, envName } from './alert-thresholds.js';
import { visibleAudiences } from './alert-vocabulary.js';
import { inScope } from './alerts.queries.js';
import { freshCluster, schoolDayRun, type ClusterItem } from './clusters.js';
import { addMonths, addSchoolDays, endOfLondonDay, isSchoolDay, type Role, startOfLondonDay } from '#lib/kernel';

const DAY = 86_400_000;
const day = (n: number, id = `c${n}`): ClusterItem => ({ id, at: new Date(Date.UTC(2026, 0, 1) + n * DAY) });
const thirtyDays = (start: Date) => new Date(start.getTime() + 30 * DAY);

describe('freshCluster (N within a window, once per cause)', () => {
  it('needs the threshold count inside one window, inclusive of its end', () => {
    expect(freshCluster([day(0), day(10)], [], day(10), thirtyDays, 3)).toBeNull();
    const cluster = freshCluster([day(0), day(10), day(30)], [], day(30), thirtyDays, 3);
    expect(cluster?.anchor.id).toBe('c0');
    expect(cluster?.members).toHaveLength(3);
    const justOutside = { id: 'late', at: new Date(day(30).at.getTime() + 60_000) };
    expect(freshCluster([day(0), day(10), justOutside], [], justOutside, thirtyDays, 3)).toBeNull();
  });

  it('does not fire again for an item inside a claimed window', () => {
    const claim = { start: day(0).at, end: thirtyDays(day(0).at) };
    expect(freshCluster([day(0), day(10), day(20), day(25)], [claim], day(25), thirtyDays, 3)).toBeNull();
  });

  it('needs fresh items after a claimed window', () => {
    const claim = { start: day(0).at, end: thirtyDays(day(0).at) };
    const items = [day(0), day(10), day(20), day(35), day(40)];
    expect(freshCluster(items, [claim], day(40), thirtyDays, 3)).toBeNull();
    expect(freshCluster([...items, day(50)], [claim], day(50), thirtyDays, 3)?.anchor.id).toBe('c35');
  });

  it('finds a cluster completed by a late entry that happened earlier', () => {
    expect(freshCluster([day(10), day(20), day(5)], [], day(5), thirtyDays, 3)?.anchor.id).toBe('c5');
  });
});

describe('school calendar', () => {
  it('ends a London day at 23:59:59.999 local time, GMT or BST', () => {
    expect(endOfLondonDay('2026-01-05').toISOString()).toBe('2026-01-05T23:59:59.999Z');
    expect(endOfLondonDay('2026-06-05').toISOString()).toBe('2026-06-05T22:59:59.999Z');
    expect(startOfLondonDay('2026-06-05').toISOString()).toBe('2026-06-04T23:00:00.000Z');
  });

  it('counts school days Monday to Friday', () => {
    expect(isSchoolDay('2026-03-06')).toBe(true); // Friday
    expect(isSchoolDay('2026-03-07')).toBe(false);
    expect(addSchoolDays('2026-03-02', 2)).toBe('2026-03-04'); // Monday → Wednesday
    expect(addSchoolDays('2026-03-06', 2)).toBe('2026-03-10'); // Friday → Tuesday
    expect(addSchoolDays('2026-03-07', 2)).toBe('2026-03-10'); // Saturday → Tuesday
  });

  it('adds calendar months, clamped to the end of a shorter month', () => {
    expect(addMonths(new Date('2025-03-01T10:00:00Z'), 12).toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(addMonths(new Date('2024-02-29T10:00:00Z'), 12).toISOString()).toBe('2025-02-28T10:00:00.000Z');
  });

  it('finds the run of consecutive school days, weekends not breaking it', () => {
    const next = (d: string) => addSchoolDays(d, 1);
    const dates = ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-11'];
    expect(schoolDayRun(dates, '2026-03-09', next)).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09']);
    expect(schoolDayRun(dates, '2026-03-11', next)).toEqual(['2026-03-11']);
  });
});

describe('thresholds', () => {
  it('defaults to the design, overridable from the environment', () => {
    expect(alertThresholdsFromEnv({})).toEqual(DEFAULT_ALERT_THRESHOLDS);
    expect(envName('escalateToDeputyMinutes')).toBe('ALERT_ESCALATE_TO_DEPUTY_MINUTES');
    expect(alertThresholdsFromEnv({ ALERT_PUPIL_CONCERN_PATTERN_COUNT: '4' }).pupilConcernPatternCount).toBe(4);
    expect(() => alertThresholdsFromEnv({ ALERT_REPEAT_RESTRAINT_DAYS: 'seven' })).toThrow('ALERT_REPEAT_RESTRAINT_DAYS');
    expect(() => alertThresholdsFromEnv({ ALERT_ESCALATE_TO_HEADTEACHER_MINUTES: '10' })).toThrow();
  });
});

describe('who sees which alerts', () => {
  it('gives seniors the juniors’ alerts, never the reverse', () => {
    expect(visibleAudiences(['dsl'])).toEqual(['dsl']);
    expect(visibleAudiences(['deputy_dsl'])).toEqual(['dsl', 'deputy_dsl']);
    expect(visibleAudiences(['headteacher'])).toEqual(['dsl', 'deputy_dsl', 'headteacher']);
    expect(visibleAudiences(['staff', 'dsl'])).toEqual(['dsl']);
    expect(visibleAudiences(['staff'])).toEqual([]);
    expect(visibleAudiences(['trust_admin'])).toEqual([]);
    expect(visibleAudiences(['trust_auditor'])).toEqual(['dsl', 'deputy_dsl', 'headteacher', 'trust_safeguarding_lead']);
  });

  it('gives the trust’s safeguarding lead only what is addressed to them, and the headteacher never that', () => {
    expect(visibleAudiences(['trust_safeguarding_lead'])).toEqual(['trust_safeguarding_lead']);
    expect(visibleAudiences(['headteacher'])).not.toContain('trust_safeguarding_lead');
  });

  it('streams only the caller’s schools and audiences, and never an alert about the caller', () => {
    const row = (schoolId: string, audience: 'dsl' | 'headteacher' | 'trust_safeguarding_lead', aboutStaffId: string | null = null) => ({
      schoolId,
      audience,
      aboutStaffId,
    });
    const scope = (roles: Role[], schoolIds = ['s1'], staffId = 'me') => ({ schoolIds, roles, staffId });
    expect(inScope(row('s1', 'dsl'), scope(['dsl']))).toBe(true);
    expect(inScope(row('s1', 'headteacher'), scope(['dsl']))).toBe(false);
    expect(inScope(row('s2', 'dsl'), scope(['headteacher']))).toBe(false);
    expect(inScope(row('s1', 'headteacher', 'someone'), scope(['headteacher']))).toBe(true);
    expect(inScope(row('s1', 'headteacher', 'me'), scope(['headteacher']))).toBe(false);
    expect(inScope(row('s2', 'trust_safeguarding_lead', 'head'), scope(['trust_safeguarding_lead'], ['s1', 's2']))).toBe(true);
    expect(inScope(row('s2', 'trust_safeguarding_lead', 'head'), scope(['headteacher'], ['s2']))).toBe(false);
  });
});
