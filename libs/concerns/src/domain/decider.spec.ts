import { DeciderSpecification, fold } from '#lib/kernel';
import type { ConcernCommand, RaiseConcern } from './commands.js';
import { type ConcernActionAssigned, type ConcernEvent, type ConcernRaised, type ConcernTriaged } from './events.js';
import { concernDecider, concernStream, currentTriage } from './decider.js';
import { CONCERN_CATEGORIES, CONCERN_CLOSURE_REASON_CODES } from './vocabulary.js';

const NOW = '2025-03-10T10:00:00Z';
const LATER = '2025-03-10T10:20:00Z';
const spec = () => DeciderSpecification.for(concernDecider);

const raise = (overrides: Partial<RaiseConcern> = {}): RaiseConcern => ({
  type: 'RaiseConcern',
  concernId: 'c-1',
  pupilIds: ['p-1'],
  categories: ['neglect'],
  summary: 'Came in hungry again, no coat',
  details: 'Third day this week; said there was no food at home.',
  occurredAt: '2025-03-10T08:45:00Z',
  urgency: 'routine',
  informedDslVerbally: false,
  raisedBy: 'ta-1',
  now: NOW,
  ...overrides,
});

const raised: ConcernRaised = {
  type: 'ConcernRaised',
  schemaVersion: 1,
  data: {
    concernId: 'c-1',
    pupilIds: ['p-1'],
    categories: ['neglect'],
    categoryLabels: ['Neglect'],
    summary: 'Came in hungry again, no coat',
    details: 'Third day this week; said there was no food at home.',
    occurredAt: '2025-03-10T08:45:00Z',
    urgency: 'routine',
    informedDslVerbally: false,
    aboutAdult: null,
    lowLevel: false,
    selfReport: false,
    bodyMap: [],
    routedTo: 'dsl',
    raisedBy: 'ta-1',
    raisedAt: NOW,
  },
};
const acknowledged: ConcernEvent = {
  type: 'ConcernAcknowledged',
  schemaVersion: 1,
  data: { acknowledgedBy: 'dsl-1', acknowledgedAt: LATER },
};
const triaged: ConcernTriaged = {
  type: 'ConcernTriaged',
  schemaVersion: 1,
  data: { riskLevel: 'medium', decision: 'early_help', rationale: 'Pattern of neglect', triagedBy: 'dsl-1', triagedAt: LATER },
};
const actionAssigned: ConcernActionAssigned = {
  type: 'ConcernActionAssigned',
  schemaVersion: 1,
  data: {
    actionId: 'a-1',
    description: 'Phone parent',
    assigneeId: 'dsl-1',
    dueOn: '2025-03-11',
    assignedBy: 'dsl-1',
    assignedAt: LATER,
  },
};
const closed: ConcernEvent = {
  type: 'ConcernClosed',
  schemaVersion: 1,
  data: {
    outcome: 'Early help plan agreed',
    reasonCode: 'early_help_in_place',
    rationale: 'Family engaged',
    closedBy: 'dsl-1',
    closedAt: LATER,
    override: null,
  },
};
const close = (overrides: Partial<Extract<ConcernCommand, { type: 'CloseConcern' }>> = {}): ConcernCommand => ({
  type: 'CloseConcern',
  outcome: 'Early help plan agreed',
  reasonCode: 'early_help_in_place',
  rationale: 'Family engaged',
  by: 'dsl-1',
  now: LATER,
  ...overrides,
});

describe('concern stream', () => {
  it('is named after the concern', () => expect(concernStream('c-1')).toBe('concern-c-1'));
});

describe('RaiseConcern', () => {
  it('raises a concern routed to the DSL', () => spec().given([]).when(raise()).then([raised]));

  it('routes a concern about an adult to the headteacher', () =>
    spec()
      .given([])
      .when(raise({ aboutAdult: { staffId: ' st-9 ' }, lowLevel: true }))
      .then([
        {
          ...raised,
          data: { ...raised.data, aboutAdult: { staffId: 'st-9' }, lowLevel: true, routedTo: 'headteacher' },
        },
      ]));

  it('routes a concern about the headteacher to the trust’s safeguarding lead, never to the head', () =>
    spec()
      .given([])
      .when(raise({ aboutAdult: { staffId: 'head-1' }, subjectIsHeadteacher: true }))
      .then([{ ...raised, data: { ...raised.data, aboutAdult: { staffId: 'head-1' }, routedTo: 'trust_safeguarding_lead' } }]));

  it('routes a concern about a named adult who is not registered to the headteacher, with what they do', () =>
    spec()
      .given([])
      .when(raise({ pupilIds: [], aboutAdult: { name: ' Pat Visitor ', roleDescription: ' volunteer reader ' }, lowLevel: true }))
      .then([
        {
          ...raised,
          data: {
            ...raised.data,
            pupilIds: [],
            aboutAdult: { name: 'Pat Visitor', roleDescription: 'volunteer reader' },
            lowLevel: true,
            routedTo: 'headteacher',
          },
        },
      ]));

  it('takes a self-report only about the member of staff who raises it', () => {
    spec()
      .given([])
      .when(raise({ pupilIds: [], aboutAdult: { staffId: 'ta-1' }, selfReport: true, lowLevel: true }))
      .then([
        {
          ...raised,
          data: {
            ...raised.data,
            pupilIds: [],
            aboutAdult: { staffId: 'ta-1' },
            lowLevel: true,
            selfReport: true,
            routedTo: 'headteacher',
          },
        },
      ]);
    spec()
      .given([])
      .when(raise({ aboutAdult: { staffId: 'someone-else' }, selfReport: true }))
      .thenThrows('concern.self_report_not_about_raiser');
    spec()
      .given([])
      .when(raise({ selfReport: true }))
      .thenThrows('concern.self_report_not_about_raiser');
  });

  it('reads a concern stored before self-reports were recorded as not a self-report', () => {
    const { selfReport: _, ...stored } = raised.data;
    expect(fold(concernDecider, [{ ...raised, data: stored }])?.selfReport).toBe(false);
  });

  it('refuses a second raise on the same stream', () => spec().given([raised]).when(raise()).thenThrows('concern.already_raised'));

  it('accepts 1 and 3 categories, refuses 0 and 4', () => {
    spec()
      .given([])
      .when(raise({ categories: ['neglect'] }))
      .thenState((s) => expect(s?.categories).toEqual(['neglect']));
    spec()
      .given([])
      .when(raise({ categories: ['neglect', 'bullying', 'self_harm'] }))
      .thenState((s) => expect(s?.categories).toHaveLength(3));
    spec()
      .given([])
      .when(raise({ categories: [] }))
      .thenThrows('concern.categories_count');
    spec()
      .given([])
      .when(raise({ categories: ['neglect', 'bullying', 'self_harm', 'fgm'] }))
      .thenThrows('concern.categories_count');
  });

  it('counts repeated categories once', () =>
    spec()
      .given([])
      .when(raise({ categories: ['neglect', 'neglect', 'bullying', 'fgm'] }))
      .thenState((s) => expect(s?.categories).toEqual(['neglect', 'bullying', 'fgm'])));

  it('refuses a category outside the list', () =>
    spec()
      .given([])
      .when(raise({ categories: ['gossip'] }))
      .thenThrows('concern.unknown_category'));

  it('exports the category list', () => expect(CONCERN_CATEGORIES).toContain('child_on_child_abuse'));

  it('requires a summary of at most 200 characters', () => {
    spec()
      .given([])
      .when(raise({ summary: '   ' }))
      .thenThrows('concern.summary_required');
    spec()
      .given([])
      .when(raise({ summary: 'x'.repeat(200) }))
      .thenState((s) => expect(s?.summary).toHaveLength(200));
    spec()
      .given([])
      .when(raise({ summary: 'x'.repeat(201) }))
      .thenThrows('concern.summary_too_long');
  });

  it('requires at least one pupil, unless it is about an adult', () => {
    spec()
      .given([])
      .when(raise({ pupilIds: [], aboutAdult: { staffId: 'st-9' } }))
      .then([{ ...raised, data: { ...raised.data, pupilIds: [], aboutAdult: { staffId: 'st-9' }, routedTo: 'headteacher' } }]);
    spec()
      .given([])
      .when(raise({ pupilIds: [] }))
      .thenThrows('concern.pupils_required');
    spec()
      .given([])
      .when(raise({ pupilIds: [' '] }))
      .thenThrows('concern.pupils_required');
  });

  it('accepts occurredAt equal to now and refuses one a second later', () => {
    spec()
      .given([])
      .when(raise({ occurredAt: NOW }))
      .thenState((s) => expect(s?.occurredAt).toBe(NOW));
    spec()
      .given([])
      .when(raise({ occurredAt: '2025-03-10T10:00:01Z' }))
      .thenThrows('concern.occurred_in_future');
  });

  it('compares times across offsets', () =>
    // 10:30 in BST (+01:00) is 09:30Z, before now.
    spec()
      .given([])
      .when(raise({ occurredAt: '2025-03-10T10:30:00+01:00' }))
      .thenState((s) => expect(s).not.toBeNull()));

  it('refuses a malformed occurredAt', () =>
    spec()
      .given([])
      .when(raise({ occurredAt: 'yesterday' }))
      .thenThrows('concern.invalid_field'));

  it('refuses an adult subject with neither staff id nor name', () =>
    spec()
      .given([])
      .when(raise({ aboutAdult: { name: ' ' } }))
      .thenThrows('concern.adult_unidentified'));

  it('refuses a low-level concern that is not about an adult', () =>
    spec()
      .given([])
      .when(raise({ lowLevel: true }))
      .thenThrows('concern.low_level_requires_adult'));

  it('keeps body map marks and refuses one without a region', () => {
    spec()
      .given([])
      .when(raise({ bodyMap: [{ region: 'left forearm', note: 'bruise, 2cm' }] }))
      .thenState((s) => expect(s?.bodyMap).toEqual([{ region: 'left forearm', note: 'bruise, 2cm' }]));
    spec()
      .given([])
      .when(raise({ bodyMap: [{ region: '', note: 'bruise' }] }))
      .thenThrows('concern.body_map_region_required');
  });

  it('starts open', () =>
    spec()
      .given([])
      .when(raise())
      .thenState((s) =>
        expect(s).toMatchObject({ status: 'open', raisedBy: 'ta-1', routedTo: 'dsl', pupilIds: ['p-1'], urgency: 'routine' }),
      ));
});

describe('commands on a concern that does not exist', () => {
  it.each<ConcernCommand>([
    { type: 'AcknowledgeConcern', by: 'dsl-1', now: LATER },
    { type: 'TriageConcern', riskLevel: 'low', decision: 'monitor', rationale: 'r', by: 'dsl-1', now: LATER },
    { type: 'AddConcernAddendum', addendumId: 'ad-1', text: 't', by: 'ta-1', now: LATER },
    close(),
  ])('refuses %o', (command) => spec().given([]).when(command).thenThrows('concern.not_found'));
});

describe('AcknowledgeConcern', () => {
  const ack: ConcernCommand = { type: 'AcknowledgeConcern', by: 'dsl-1', now: LATER };

  it('acknowledges once', () => spec().given([raised]).when(ack).then([acknowledged]));

  it('refuses a second acknowledgement', () => spec().given([raised, acknowledged]).when(ack).thenThrows('concern.already_acknowledged'));

  it('moves the status to acknowledged', () =>
    spec()
      .given([raised])
      .when(ack)
      .thenState((s) => expect(s?.status).toBe('acknowledged')));
});

describe('TriageConcern', () => {
  const triage = (rationale = 'Pattern of neglect'): ConcernCommand => ({
    type: 'TriageConcern',
    riskLevel: 'medium',
    decision: 'early_help',
    rationale,
    by: 'dsl-1',
    now: LATER,
  });

  it('records the decision on an acknowledged concern', () => spec().given([raised, acknowledged]).when(triage()).then([triaged]));

  it('acknowledges an unacknowledged concern as it triages it', () => spec().given([raised]).when(triage()).then([acknowledged, triaged]));

  it('requires a rationale', () => spec().given([raised, acknowledged]).when(triage(' ')).thenThrows('concern.rationale_required'));

  it('may be repeated: the later decision is in force and both are kept', () => {
    const escalated: ConcernCommand = {
      type: 'TriageConcern',
      riskLevel: 'high',
      decision: 'refer_childrens_social_care',
      rationale: 'Disclosure',
      by: 'dsl-1',
      now: LATER,
    };
    spec()
      .given([raised, acknowledged, triaged])
      .when(escalated)
      .thenState((s) => {
        expect(s?.status).toBe('triaged');
        expect(s?.triages).toHaveLength(2);
        expect(s && currentTriage(s)?.decision).toBe('refer_childrens_social_care');
      });
  });
});

describe('actions', () => {
  const assign = (overrides: Partial<Extract<ConcernCommand, { type: 'AssignConcernAction' }>> = {}): ConcernCommand => ({
    type: 'AssignConcernAction',
    actionId: 'a-1',
    description: 'Phone parent',
    assigneeId: 'dsl-1',
    dueOn: '2025-03-11',
    by: 'dsl-1',
    now: LATER,
    ...overrides,
  });
  const complete: ConcernCommand = { type: 'CompleteConcernAction', actionId: 'a-1', note: 'Spoke to mum', by: 'dsl-1', now: LATER };
  const completed: ConcernEvent = {
    type: 'ConcernActionCompleted',
    schemaVersion: 1,
    data: { actionId: 'a-1', note: 'Spoke to mum', completedBy: 'dsl-1', completedAt: LATER },
  };

  it('assigns an action', () => spec().given([raised, acknowledged]).when(assign()).then([actionAssigned]));

  it('refuses an action id already used', () => spec().given([raised, actionAssigned]).when(assign()).thenThrows('concern.action_exists'));

  it('requires a description, an assignee and a due date', () => {
    spec()
      .given([raised])
      .when(assign({ description: '' }))
      .thenThrows('concern.action_description_required');
    spec()
      .given([raised])
      .when(assign({ assigneeId: ' ' }))
      .thenThrows('concern.action_assignee_required');
    spec()
      .given([raised])
      .when(assign({ dueOn: '2025-02-30' }))
      .thenThrows('concern.invalid_field');
  });

  it('completes an open action', () => spec().given([raised, actionAssigned]).when(complete).then([completed]));

  it('refuses to complete an unknown action', () => spec().given([raised]).when(complete).thenThrows('concern.action_not_found'));

  it('refuses to complete an action twice', () =>
    spec().given([raised, actionAssigned, completed]).when(complete).thenThrows('concern.action_already_completed'));

  it('shows the completion in state', () =>
    spec()
      .given([raised, actionAssigned])
      .when(complete)
      .thenState((s) => expect(s?.actions[0]?.completion).toEqual({ note: 'Spoke to mum', completedBy: 'dsl-1', completedAt: LATER })));
});

describe('AddConcernAddendum', () => {
  const add = (addendumId: string, text: string): ConcernCommand => ({
    type: 'AddConcernAddendum',
    addendumId,
    text,
    by: 'ta-1',
    now: LATER,
  });
  const first: ConcernEvent = {
    type: 'ConcernAddendumAdded',
    schemaVersion: 1,
    data: { addendumId: 'ad-1', text: 'He also said he sleeps on the sofa', addedBy: 'ta-1', addedAt: LATER },
  };

  it('adds an addendum', () => spec().given([raised]).when(add('ad-1', ' He also said he sleeps on the sofa ')).then([first]));

  it('appends, never replaces, and leaves the original account alone', () =>
    spec()
      .given([raised, first])
      .when(add('ad-2', 'Sister confirmed'))
      .thenState((s) => {
        expect(s?.addenda.map((a) => a.text)).toEqual(['He also said he sleeps on the sofa', 'Sister confirmed']);
        expect(s?.details).toBe(raised.data.details);
      }));

  it('refuses an empty addendum or a reused id', () => {
    spec().given([raised]).when(add('ad-1', ' ')).thenThrows('concern.addendum_text_required');
    spec().given([raised, first]).when(add('ad-1', 'again')).thenThrows('concern.addendum_exists');
  });
});

describe('allegations about adults: the LADO step and the outcome', () => {
  const allegation: ConcernRaised = { ...raised, data: { ...raised.data, aboutAdult: { staffId: 'st-9' }, routedTo: 'headteacher' } };
  const lowLevel: ConcernRaised = { ...allegation, data: { ...allegation.data, lowLevel: true } };
  const refer = (overrides: Partial<Extract<ConcernCommand, { type: 'RecordLadoReferral' }>> = {}): ConcernCommand => ({
    type: 'RecordLadoReferral',
    referredAt: '2025-03-10T10:15:00Z',
    officer: ' A. Officer ',
    reference: ' LADO/123 ',
    advice: ' Strategy discussion; suspend contact with the class ',
    by: 'head-1',
    now: LATER,
    ...overrides,
  });
  const referred: ConcernEvent = {
    type: 'LadoReferralRecorded',
    schemaVersion: 1,
    data: {
      referredAt: '2025-03-10T10:15:00Z',
      officer: 'A. Officer',
      reference: 'LADO/123',
      advice: 'Strategy discussion; suspend contact with the class',
      recordedBy: 'head-1',
      recordedAt: LATER,
    },
  };
  const decide = (outcome = 'unsubstantiated'): ConcernCommand => ({
    type: 'RecordAllegationOutcome',
    outcome,
    decidedAt: '2025-03-10T10:18:00Z',
    rationale: 'Insufficient evidence either way',
    by: 'head-1',
    now: LATER,
  });

  it('records the referral once, for an allegation only', () => {
    spec().given([allegation]).when(refer()).then([referred]);
    spec().given([allegation, referred]).when(refer()).thenThrows('concern.lado_already_referred');
    spec().given([lowLevel]).when(refer()).thenThrows('concern.lado_only_for_allegations');
    spec().given([raised]).when(refer()).thenThrows('concern.lado_only_for_allegations');
  });

  it('needs the officer and the advice, and a referral not in the future', () => {
    spec()
      .given([allegation])
      .when(refer({ officer: ' ' }))
      .thenThrows('concern.lado_officer_required');
    spec()
      .given([allegation])
      .when(refer({ advice: '' }))
      .thenThrows('concern.lado_advice_required');
    spec()
      .given([allegation])
      .when(refer({ referredAt: '2025-03-10T10:20:01Z' }))
      .thenThrows('concern.referred_in_future');
  });

  it('records one of the five outcomes, after the referral', () => {
    for (const outcome of ['substantiated', 'false', 'malicious', 'unsubstantiated', 'unfounded']) {
      spec()
        .given([allegation, referred])
        .when(decide(outcome))
        .then([
          {
            type: 'AllegationOutcomeRecorded',
            schemaVersion: 1,
            data: {
              outcome,
              decidedAt: '2025-03-10T10:18:00Z',
              rationale: 'Insufficient evidence either way',
              recordedBy: 'head-1',
              recordedAt: LATER,
            },
          } as ConcernEvent,
        ]);
    }
    spec().given([allegation, referred]).when(decide('proven')).thenThrows('concern.unknown_allegation_outcome');
    spec().given([allegation]).when(decide()).thenThrows('concern.outcome_requires_lado_referral');
    spec().given([lowLevel]).when(decide()).thenThrows('concern.outcome_only_for_allegations');
    const outcome = concernDecider.decide(decide(), fold(concernDecider, [allegation, referred]));
    spec()
      .given([allegation, referred, ...outcome])
      .when(decide())
      .thenThrows('concern.outcome_already_recorded');
    expect(fold(concernDecider, [allegation, referred, ...outcome])?.allegationOutcome?.outcome).toBe('unsubstantiated');
  });

  it('never assigns an action to the adult concerned', () =>
    spec()
      .given([allegation])
      .when({
        type: 'AssignConcernAction',
        actionId: 'a-1',
        description: 'Interview',
        assigneeId: 'st-9',
        dueOn: '2025-03-11',
        by: 'head-1',
        now: LATER,
      })
      .thenThrows('concern.action_assigned_to_subject'));
});

describe('CloseConcern', () => {
  it('closes a triaged concern', () => spec().given([raised, acknowledged, triaged]).when(close()).then([closed]));

  it('refuses to close without a triage decision', () =>
    spec().given([raised, acknowledged]).when(close()).thenThrows('concern.close_requires_triage'));

  it('requires a known reason code', () => {
    spec()
      .given([raised, triaged])
      .when(close({ reasonCode: ' ' }))
      .thenThrows('concern.reason_code_required');
    spec()
      .given([raised, triaged])
      .when(close({ reasonCode: 'bored' }))
      .thenThrows('concern.unknown_reason_code');
  });

  // A reason at odds with the triage decision needs an override (see after-triage.spec.ts).
  it.each(CONCERN_CLOSURE_REASON_CODES)('accepts reason code %s', (reasonCode) =>
    spec()
      .given([raised, triaged])
      .when(close({ reasonCode, overrideReason: 'Said why' }))
      .thenState((s) => expect(s?.closure?.reasonCode).toBe(reasonCode)),
  );

  it('requires an outcome and a rationale', () => {
    spec()
      .given([raised, triaged])
      .when(close({ outcome: '' }))
      .thenThrows('concern.outcome_required');
    spec()
      .given([raised, triaged])
      .when(close({ rationale: '' }))
      .thenThrows('concern.rationale_required');
  });

  it.each<ConcernCommand>([
    { type: 'AcknowledgeConcern', by: 'dsl-1', now: LATER },
    { type: 'TriageConcern', riskLevel: 'low', decision: 'monitor', rationale: 'r', by: 'dsl-1', now: LATER },
    { type: 'CompleteConcernAction', actionId: 'a-1', note: '', by: 'dsl-1', now: LATER },
    close(),
  ])('refuses anything but information after close: %o', (command) =>
    spec().given([raised, actionAssigned, triaged, closed]).when(command).thenThrows('concern.closed'),
  );

  it('ends in status closed', () => expect(fold(concernDecider, [raised, acknowledged, triaged, closed])?.status).toBe('closed'));
});
