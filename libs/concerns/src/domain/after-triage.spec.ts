import { DeciderSpecification } from '#lib/kernel';
import type { ConcernCommand } from './commands.js';
import { concernDecider } from './decider.js';
import { decideDslRecord, dslRecordDecider, isDslEntryLate } from './dsl-record.js';
import { concernCategoriesDecider, DEFAULT_CONCERN_CATEGORIES } from './concern-categories.js';
import type { ConcernEvent } from './events.js';

const RAISED_AT = '2026-05-22T13:00:00Z';
const NOW = '2026-05-22T15:00:00Z';
const spec = () => DeciderSpecification.for(concernDecider);

const raised: ConcernEvent = {
  type: 'ConcernRaised',
  schemaVersion: 1,
  data: {
    concernId: 'c-1',
    pupilIds: ['p-1'],
    categories: ['physical_abuse'],
    summary: 'Bruise',
    details: 'Said dad grabbed her',
    occurredAt: '2026-05-22T12:30:00Z',
    urgency: 'urgent',
    informedDslVerbally: true,
    aboutAdult: null,
    lowLevel: false,
    bodyMap: [],
    routedTo: 'dsl',
    raisedBy: 'ta-1',
    raisedAt: RAISED_AT,
  },
};
const triaged = (decision: 'refer_childrens_social_care' | 'monitor' = 'refer_childrens_social_care'): ConcernEvent => ({
  type: 'ConcernTriaged',
  schemaVersion: 1,
  data: { riskLevel: 'high', decision, rationale: 'Disclosure', triagedBy: 'dsl-1', triagedAt: RAISED_AT },
});
const referred: ConcernEvent = {
  type: 'ReferralMade',
  schemaVersion: 1,
  data: {
    referralId: 'r-1',
    agency: 'childrens_social_care',
    referredAt: '2026-05-22T14:00:00Z',
    reference: 'MASH/1',
    contact: null,
    recordedBy: 'dsl-1',
    recordedAt: NOW,
  },
};
const answered: ConcernEvent = {
  type: 'ReferralResponseRecorded',
  schemaVersion: 1,
  data: {
    referralId: 'r-1',
    agency: 'childrens_social_care',
    outcome: 'section_47',
    receivedAt: NOW,
    note: 'Enquiry opened',
    recordedBy: 'dsl-1',
    recordedAt: NOW,
  },
};
const closedEvent: ConcernEvent = {
  type: 'ConcernClosed',
  schemaVersion: 1,
  data: {
    outcome: 'Social care leading',
    reasonCode: 'referred_to_csc',
    rationale: 'Section 47',
    closedBy: 'dsl-1',
    closedAt: NOW,
    override: null,
  },
};
const close = (overrides: Record<string, unknown> = {}): ConcernCommand => ({
  type: 'CloseConcern',
  outcome: 'Social care leading',
  reasonCode: 'referred_to_csc',
  rationale: 'Section 47',
  by: 'dsl-1',
  now: NOW,
  ...overrides,
});
const respond = (overrides: Record<string, unknown> = {}): ConcernCommand => ({
  type: 'RecordReferralResponse',
  referralId: 'r-1',
  outcome: 'section_47',
  receivedAt: NOW,
  note: ' Enquiry opened ',
  by: 'dsl-1',
  now: NOW,
  ...overrides,
});

describe('MakeReferral', () => {
  const make = (overrides: Record<string, unknown> = {}): ConcernCommand => ({
    type: 'MakeReferral',
    referralId: 'r-1',
    agency: 'childrens_social_care',
    referredAt: '2026-05-22T14:00:00Z',
    reference: ' MASH/1 ',
    contact: '  ',
    by: 'dsl-1',
    now: NOW,
    ...overrides,
  });
  it('records the referral, the reference trimmed and an empty contact as none', () =>
    spec().given([raised, triaged()]).when(make()).then([referred]));
  it('refuses a referral made in the future', () =>
    spec()
      .given([raised])
      .when(make({ referredAt: '2026-05-23T09:00:00Z' }))
      .thenThrows('concern.referred_in_future'));
  it('refuses the same referral twice', () => spec().given([raised, referred]).when(make()).thenThrows('concern.referral_exists'));
  it('refuses an unknown agency', () =>
    spec()
      .given([raised])
      .when(make({ agency: 'ofsted' }))
      .thenThrows('concern.unknown_agency'));
});

describe('RecordReferralResponse and FollowUpReferral', () => {
  it('records the response with the referral’s agency', () => spec().given([raised, referred]).when(respond()).then([answered]));
  it('refuses a second response, or one for no such referral', () => {
    spec().given([raised, referred, answered]).when(respond()).thenThrows('concern.referral_already_answered');
    spec().given([raised]).when(respond()).thenThrows('concern.referral_not_found');
  });
  it('refuses a response received before the referral was made', () =>
    spec()
      .given([raised, referred])
      .when(respond({ receivedAt: '2026-05-22T13:59:00Z' }))
      .thenThrows('concern.response_before_referral'));
  it('takes a response after closing', () =>
    spec()
      .given([raised, triaged(), referred, closedEvent])
      .when(respond())
      .thenState((s) => expect(s).toMatchObject({ status: 'closed', referrals: [{ response: { outcome: 'section_47' } }] })));
  it('follows up an unanswered referral, with a note', () => {
    const followUp = {
      type: 'FollowUpReferral',
      referralId: 'r-1',
      followedUpAt: NOW,
      note: 'Chased MASH',
      by: 'dsl-1',
      now: NOW,
    } as const;
    spec()
      .given([raised, referred])
      .when(followUp)
      .thenState((s) =>
        expect(s?.referrals[0]?.followUps).toEqual([{ followedUpAt: NOW, note: 'Chased MASH', recordedBy: 'dsl-1', recordedAt: NOW }]),
      );
    spec()
      .given([raised, referred])
      .when({ ...followUp, note: ' ' })
      .thenThrows('concern.follow_up_note_required');
    spec().given([raised, referred, answered]).when(followUp).thenThrows('concern.referral_already_answered');
  });
});

describe('CloseConcern: the closing rules', () => {
  const action: ConcernEvent = {
    type: 'ConcernActionAssigned',
    schemaVersion: 1,
    data: { actionId: 'a-1', description: 'Call mum', assigneeId: 'dsl-1', dueOn: '2026-05-29', assignedBy: 'dsl-1', assignedAt: NOW },
  };
  it('warns of open actions, unanswered referrals and a reason at odds with the triage, naming the first rule', () => {
    spec().given([raised, triaged(), action]).when(close()).thenThrows('concern.close_open_actions');
    spec().given([raised, triaged(), referred]).when(close()).thenThrows('concern.close_unanswered_referral');
    spec()
      .given([raised, triaged('monitor')])
      .when(close())
      .thenThrows('concern.close_contradicts_triage');
  });
  it('closes with an override reason, storing every rule overridden', () =>
    spec()
      .given([raised, triaged('monitor'), action, referred])
      .when(close({ overrideReason: ' Pupil left; file sent on ' }))
      .then([
        {
          ...closedEvent,
          data: {
            ...closedEvent.data,
            override: {
              rules: ['concern.close_open_actions', 'concern.close_unanswered_referral', 'concern.close_contradicts_triage'],
              reason: 'Pupil left; file sent on',
            },
          },
        },
      ]));
  it('closes cleanly when nothing is left behind, whatever override is given', () =>
    spec()
      .given([raised, triaged(), referred, answered])
      .when(close({ overrideReason: 'not needed' }))
      .then([closedEvent]));
});

describe('ReopenConcern', () => {
  const reopen = (reason: string): ConcernCommand => ({ type: 'ReopenConcern', reason, by: 'dsl-1', now: NOW });
  it('reopens a closed concern with a reason, back to triaged', () =>
    spec()
      .given([raised, triaged(), closedEvent])
      .when(reopen('New disclosure'))
      .thenState((s) => expect(s).toMatchObject({ status: 'triaged', closure: null, reopenings: [{ reason: 'New disclosure' }] })));
  it('needs a reason, and a closed concern', () => {
    spec().given([raised, triaged(), closedEvent]).when(reopen(' ')).thenThrows('concern.reopen_reason_required');
    spec().given([raised, triaged()]).when(reopen('x')).thenThrows('concern.not_closed');
  });
});

describe('RecordInformationSharing', () => {
  const share = (overrides: Record<string, unknown> = {}): ConcernCommand => ({
    type: 'RecordInformationSharing',
    sharingId: 's-1',
    what: 'The disclosure',
    sharedWith: 'School nurse',
    sharedAt: NOW,
    consent: 'given',
    by: 'dsl-1',
    now: NOW,
    ...overrides,
  });
  it('requires a rationale when consent was not sought or was overridden', () => {
    spec()
      .given([raised])
      .when(share({ consent: 'not_sought' }))
      .thenThrows('concern.sharing_rationale_required');
    spec()
      .given([raised])
      .when(share({ consent: 'refused_overridden', rationale: ' ' }))
      .thenThrows('concern.sharing_rationale_required');
    spec()
      .given([raised])
      .when(share({ consent: 'not_sought', rationale: 'Would put her at risk' }))
      .thenState((s) => expect(s?.informationSharing[0]).toMatchObject({ consent: 'not_sought', rationale: 'Would put her at risk' }));
  });
  it('records a decision with consent and no rationale', () =>
    spec()
      .given([raised])
      .when(share())
      .thenState((s) => expect(s?.informationSharing[0]).toMatchObject({ rationale: null, what: 'The disclosure' })));
});

describe('the DSL’s own entries', () => {
  const entry = {
    type: 'RecordDslEntry',
    entryId: 'e-1',
    pupilId: 'p-1',
    kind: 'phone_call',
    occurredAt: '2026-05-22T16:00:00+01:00',
    summary: ' Called mum ',
    details: '',
    by: 'dsl-1',
    now: '2026-05-26T09:00:00+01:00',
  } as const;
  it('records an entry, and refuses one in the future', () => {
    DeciderSpecification.for(dslRecordDecider)
      .given([])
      .when(entry)
      .thenState((s) => expect(s).toEqual({ pupilId: 'p-1', entryIds: ['e-1'] }));
    expect(() => decideDslRecord({ ...entry, occurredAt: '2026-05-27T09:00:00+01:00' }, null)).toThrow('has not happened yet');
  });
  it('is late only after the end of the next working day (weekend and bank holiday not counted)', () => {
    // Friday 22 May 2026; Monday 25 May is a bank holiday: on time until the end of Tuesday 26 May.
    expect(isDslEntryLate('2026-05-22T16:00:00+01:00', '2026-05-26T23:59:00+01:00')).toBe(false);
    expect(isDslEntryLate('2026-05-22T16:00:00+01:00', '2026-05-27T00:00:01+01:00')).toBe(true);
  });
});

describe('concern categories', () => {
  const cats = () => DeciderSpecification.for(concernCategoriesDecider);
  it('starts from the defaults, each with guidance', () =>
    expect(DEFAULT_CONCERN_CATEGORIES.every((c) => c.guidance.length > 20 && !c.retired)).toBe(true));
  it('adds, renames and retires, never removes', () =>
    cats()
      .given([
        { type: 'ConcernCategoryAdded', schemaVersion: 1, data: { code: 'gangs', label: 'Gangs', guidance: 'g', by: 'a', at: NOW } },
        {
          type: 'ConcernCategoryChanged',
          schemaVersion: 1,
          data: { code: 'gangs', label: 'Gangs and groups', guidance: 'g', by: 'a', at: NOW },
        },
      ])
      .when({ type: 'RetireConcernCategory', code: 'gangs', by: 'a', now: NOW })
      .thenState((s) =>
        expect(s.find((c) => c.code === 'gangs')).toEqual({ code: 'gangs', label: 'Gangs and groups', guidance: 'g', retired: true }),
      ));
  it('refuses a duplicate code or label, and an unknown category', () => {
    cats()
      .given([])
      .when({ type: 'AddConcernCategory', code: 'neglect', label: 'N', guidance: 'g', by: 'a', now: NOW })
      .thenThrows('concern_category.exists');
    cats()
      .given([])
      .when({ type: 'AddConcernCategory', code: 'neglect_2', label: 'neglect', guidance: 'g', by: 'a', now: NOW })
      .thenThrows('concern_category.label_taken');
    cats().given([]).when({ type: 'RetireConcernCategory', code: 'nope', by: 'a', now: NOW }).thenThrows('concern_category.not_found');
  });
});
