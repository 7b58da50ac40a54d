import type { Actor, Role } from '#lib/kernel';
import type { Concern } from './domain/decider.js';
import { canAddAddendum, canHandle, canManageCase, canRead, concernAccess, type ConcernPlace } from './concern-access.js';

const SCHOOL = 'school-a';
const here: ConcernPlace = { schoolId: SCHOOL, inActorsTrust: false };

const actor = (staffId: string, roles: Role[], schoolId: string | null = SCHOOL): Actor => ({
  staffId,
  name: staffId,
  roles,
  schoolId,
  trustId: 'trust-1',
});

const concern = (overrides: Partial<Concern> = {}): Concern => ({
  concernId: 'c-1',
  status: 'open',
  pupilIds: ['p-1'],
  categories: ['neglect'],
  summary: 'Hungry',
  details: 'Said there was no food at home',
  occurredAt: '2026-03-02T08:00:00Z',
  urgency: 'routine',
  informedDslVerbally: false,
  aboutAdult: null,
  lowLevel: false,
  selfReport: false,
  bodyMap: [],
  routedTo: 'dsl',
  raisedBy: 'ta-1',
  raisedAt: '2026-03-02T09:00:00Z',
  acknowledgement: null,
  triages: [],
  actions: [],
  addenda: [],
  closure: null,
  reopenings: [],
  referrals: [],
  informationSharing: [],
  ladoReferral: null,
  allegationOutcome: null,
  ...overrides,
});

const aboutAdult = concern({ aboutAdult: { staffId: 'dsl-1' }, routedTo: 'headteacher' });
const aboutHead = concern({ aboutAdult: { staffId: 'head-1' }, routedTo: 'trust_safeguarding_lead', pupilIds: [] });
const trustWide: ConcernPlace = { schoolId: SCHOOL, inActorsTrust: true };

describe('concernAccess', () => {
  it.each<[string, Actor, Concern, ConcernPlace, string]>([
    ['the DSL, a concern about a pupil', actor('dsl-1', ['dsl']), concern(), here, 'lead'],
    ['the deputy DSL, a concern about a pupil', actor('dep-1', ['deputy_dsl']), concern(), here, 'lead'],
    ['the headteacher, a concern about a pupil', actor('head-1', ['headteacher']), concern(), here, 'lead'],
    ['the DSL, a concern about an adult', actor('dsl-2', ['dsl']), aboutAdult, here, 'none'],
    ['the headteacher, a concern about an adult', actor('head-1', ['headteacher']), aboutAdult, here, 'case_manager'],
    ['the adult concerned, even a DSL', actor('dsl-1', ['dsl']), aboutAdult, here, 'none'],
    ['the headteacher, a concern about the headteacher', actor('head-1', ['headteacher']), aboutHead, here, 'none'],
    ['the DSL, a concern about the headteacher', actor('dsl-1', ['dsl']), aboutHead, here, 'none'],
    [
      'the trust’s safeguarding lead, a concern about a headteacher',
      actor('tsl-1', ['trust_safeguarding_lead'], null),
      aboutHead,
      trustWide,
      'case_manager',
    ],
    [
      'the trust’s safeguarding lead, a concern about another adult',
      actor('tsl-1', ['trust_safeguarding_lead'], null),
      aboutAdult,
      trustWide,
      'none',
    ],
    [
      'the trust’s safeguarding lead, a concern about a pupil',
      actor('tsl-1', ['trust_safeguarding_lead'], null),
      concern(),
      trustWide,
      'none',
    ],
    ['another trust’s safeguarding lead', actor('tsl-2', ['trust_safeguarding_lead'], null), aboutHead, here, 'none'],
    ['a self-report, read by the adult who made it', actor('dsl-1', ['dsl']), { ...aboutAdult, raisedBy: 'dsl-1' }, here, 'raiser'],
    [
      'a trust auditor who is the adult concerned',
      actor('aud-1', ['trust_auditor'], null),
      concern({ aboutAdult: { staffId: 'aud-1' }, routedTo: 'headteacher' }),
      trustWide,
      'none',
    ],
    ['the raiser', actor('ta-1', ['staff']), concern(), here, 'raiser'],
    ['the raiser of a concern about an adult', actor('ta-1', ['staff']), aboutAdult, here, 'raiser'],
    ['another staff member', actor('ta-2', ['staff']), concern(), here, 'none'],
    ['the DSL of another school', actor('dsl-9', ['dsl'], 'school-b'), concern(), here, 'none'],
    [
      'the DSL of a school that received the pupil’s file',
      actor('dsl-9', ['dsl'], 'school-b'),
      concern(),
      { ...here, receivedFile: true },
      'received',
    ],
    [
      'a teacher of a school that received the pupil’s file',
      actor('t-9', ['staff'], 'school-b'),
      concern(),
      { ...here, receivedFile: true },
      'none',
    ],
    [
      'the headteacher of a school that received the file, a concern about an adult (it stays behind)',
      actor('head-9', ['headteacher'], 'school-b'),
      aboutAdult,
      { ...here, receivedFile: true },
      'none',
    ],
    [
      'a trust auditor of the trust',
      actor('aud-1', ['trust_auditor'], null),
      concern(),
      { schoolId: SCHOOL, inActorsTrust: true },
      'auditor',
    ],
    ['a trust auditor of another trust', actor('aud-2', ['trust_auditor'], null), concern(), here, 'none'],
    [
      'a trust admin (never reads narratives)',
      actor('adm-1', ['trust_admin'], null),
      concern(),
      { schoolId: SCHOOL, inActorsTrust: true },
      'none',
    ],
  ])('%s', (_, who, what, place, expected) => expect(concernAccess(who, what, place)).toBe(expected));
});

describe('what each access allows', () => {
  it('lets leads and case managers handle, case managers alone manage the case, and everyone but none read', () => {
    expect(
      ['lead', 'case_manager', 'auditor', 'received', 'raiser', 'none'].map((a) =>
        [canRead, canHandle, canManageCase, canAddAddendum].map((f) => f(a as never)),
      ),
    ).toEqual([
      [true, true, false, true],
      [true, true, true, true],
      [true, false, false, false],
      [true, false, false, false],
      [true, false, false, true],
      [false, false, false, false],
    ]);
  });
});
