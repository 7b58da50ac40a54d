import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '#lib/core';
import { RuleViolation } from '#lib/kernel';
import { CORRECTABLE_INCIDENT_FIELDS, NARRATIVE_INCIDENT_FIELDS } from '#lib/incidents';
import { PERSONAL_DATA } from '#lib/platform';
import { privacyDecider, type PrivacyCommand, type PrivacyEvent, type PrivacyState } from './erasure.js';
import { isSealed, openField, sealField } from './field-cipher.js';
import { mapPath, pathsOf, personalDataTable } from './personal-data.js';
import { eligibleOn } from '#lib/pupils';

describe('field encryption (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const eventId = '7d4a3c1e-0000-4000-8000-000000000001';

  it('round-trips a field, with a fresh IV each time', () => {
    const a = sealField(key, 'pupil-1', eventId, 'details', 'Bruise on the left arm — “Dad did it” 🙁');
    const b = sealField(key, 'pupil-1', eventId, 'details', 'Bruise on the left arm — “Dad did it” 🙁');
    expect(isSealed(a)).toBe(true);
    expect(JSON.stringify(a)).not.toContain('Bruise');
    expect(a.iv).not.toBe(b.iv);
    expect(openField(key, eventId, 'details', a)).toBe('Bruise on the left arm — “Dad did it” 🙁');
  });

  it('refuses an altered ciphertext, tag, subject, field or event, and another key', () => {
    const sealed = sealField(key, 'pupil-1', eventId, 'details', 'secret narrative');
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, 'base64');
      buf[0]! ^= 1;
      return buf.toString('base64');
    };
    expect(openField(key, eventId, 'details', { ...sealed, ct: flip(sealed.ct) })).toBeNull();
    expect(openField(key, eventId, 'details', { ...sealed, tag: flip(sealed.tag) })).toBeNull();
    expect(
      openField(key, eventId, 'details', { ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 8).toString('base64') }),
    ).toBeNull();
    expect(openField(key, eventId, 'details', { ...sealed, s: 'pupil-2' })).toBeNull();
    expect(openField(key, eventId, 'summary', sealed)).toBeNull();
    expect(openField(key, '7d4a3c1e-0000-4000-8000-000000000002', 'details', sealed)).toBeNull();
    expect(openField(randomBytes(32), eventId, 'details', sealed)).toBeNull();
  });
});

describe('personal-data map', () => {
  it('rewrites nested fields and every element of lists, leaving the rest shared', () => {
    const data = {
      summary: 's',
      bodyMap: [
        { region: 'arm', note: 'n1' },
        { region: 'leg', note: 'n2' },
      ],
      aboutAdult: null,
      pupilIds: ['p'],
    };
    let out: unknown = data;
    for (const p of pathsOf(PERSONAL_DATA.ConcernRaised!, data)) out = mapPath(out, p, (v) => `<${String(v)}>`);
    expect(out).toEqual({
      summary: '<s>',
      bodyMap: [
        { region: 'arm', note: '<n1>' },
        { region: 'leg', note: '<n2>' },
      ],
      aboutAdult: null,
      pupilIds: ['p'],
    });
    expect(data.summary).toBe('s');
    expect(mapPath({ aboutAdult: { staffId: 'x', name: 'Mr Smith' } }, 'aboutAdult.name', () => 'E')).toEqual({
      aboutAdult: { staffId: 'x', name: 'E' },
    });
  });

  it('keys a stream to the person its first event names', () => {
    expect(PERSONAL_DATA.PupilRegistered!.subject!({ pupilId: 'p1' })).toBe('p1');
    expect(PERSONAL_DATA.ConcernRaised!.subject!({ pupilIds: ['p1', 'p2'] })).toBe('p1');
    expect(PERSONAL_DATA.IncidentRecorded!.subject!({ pupilId: 'p3' })).toBe('p3');
    expect(PERSONAL_DATA.ConcernTriaged!.subject).toBeUndefined();
  });

  it('refuses a composition where two features claim the same event type', () => {
    expect(() => personalDataTable({ PupilRegistered: { paths: ['firstName'] } }, { PupilRegistered: { paths: ['upn'] } })).toThrow(
      'personal data of PupilRegistered declared twice',
    );
  });

  it('holds the rules of every feature (each declared beside its events)', () => {
    expect(Object.keys(PERSONAL_DATA)).toEqual(
      expect.arrayContaining([
        'PupilRegistered',
        'StaffMemberRegistered',
        'ConcernRaised',
        'ConcernTriaged',
        'ConcernActionAssigned',
        'ConcernActionCompleted',
        'ConcernAddendumAdded',
        'ConcernClosed',
        'LadoReferralRecorded',
        'AllegationOutcomeRecorded',
        'IncidentRecorded',
        'IncidentCorrected',
        'ParentNotified',
        'ParentNotificationExempted',
        'DebriefHeld',
        'IncidentReviewed',
        'RecordViewed',
        'LegalHoldPlaced',
        'LegalHoldLifted',
      ]),
    );
  });

  it('encrypts a correction of every narrative incident field (and its reason)', () => {
    // v1's free-text injuries are read still but no longer corrected (structured injuries replace them).
    for (const f of NARRATIVE_INCIDENT_FIELDS.filter((f) => f !== 'pupilInjury' && f !== 'staffInjury')) {
      expect(CORRECTABLE_INCIDENT_FIELDS).toContain(f);
    }
    expect(pathsOf(PERSONAL_DATA.IncidentCorrected!, { field: 'antecedents' })).toEqual(['reason', 'value']);
    expect(pathsOf(PERSONAL_DATA.IncidentCorrected!, { field: 'witnesses' })).toEqual(['reason', 'value[]']);
    expect(pathsOf(PERSONAL_DATA.IncidentCorrected!, { field: 'interventionType' })).toEqual(['reason']);
    expect(pathsOf(PERSONAL_DATA.IncidentCorrected!, { field: 'staffInvolved' })).toEqual([
      'reason',
      'value[].name',
      'value[].roleDescription',
      'value[].justification',
    ]);
    expect(pathsOf(PERSONAL_DATA.IncidentCorrected!, { field: 'injuries' })).toEqual(['reason', 'value[].description']);
  });

  it('encrypts a named agency worker, their role and justification, and what an injury was', () => {
    const paths = pathsOf(PERSONAL_DATA.IncidentRecorded!, {});
    expect(paths).toEqual(
      expect.arrayContaining([
        'staffInvolved[].name',
        'staffInvolved[].roleDescription',
        'staffInvolved[].justification',
        'injuries[].description',
      ]),
    );
    expect(pathsOf(PERSONAL_DATA.ParentNotified!, {})).toEqual(['notifiedBy', 'parentName', 'summaryShared']);
    const data = {
      staffInvolved: [
        { name: 'Jo Agency', roleDescription: 'Agency TA', holds: ['wrap'] },
        { staffId: 's1', holds: [] },
      ],
    };
    expect(mapPath(data, 'staffInvolved[].name', () => 'E')).toEqual({
      staffInvolved: [
        { name: 'E', roleDescription: 'Agency TA', holds: ['wrap'] },
        { staffId: 's1', holds: [] },
      ],
    });
  });
});

describe('privacy decider', () => {
  const base = { subjectId: 'p1', subjectType: 'pupil' as const, by: 'head', now: '2026-03-02T09:00:00.000Z' };
  const given = (events: PrivacyEvent[]): PrivacyState => events.reduce(privacyDecider.evolve, privacyDecider.initialState);
  const decide = (events: PrivacyEvent[], command: PrivacyCommand) => privacyDecider.decide(command, given(events));
  const held = decide([], { type: 'PlaceLegalHold', ...base, reason: 'litigation' });
  const erase: PrivacyCommand = { type: 'EraseSubject', ...base, reason: 'retention period over' };

  it('erases once, with the reason and who', () => {
    const erased = decide([], erase);
    expect(erased).toEqual([
      { type: 'SubjectErased', schemaVersion: 1, data: expect.objectContaining({ reason: 'retention period over', erasedBy: 'head' }) },
    ]);
    expect(decide(erased, erase)).toEqual([]);
  });

  it('refuses erasure under a legal hold, allows it once lifted', () => {
    expect(() => decide(held, erase)).toThrow(expect.objectContaining({ rule: 'privacy.legal_hold' }));
    const lifted = [...held, ...decide(held, { type: 'LiftLegalHold', ...base, reason: '' })];
    expect(decide(lifted, erase)).toHaveLength(1);
  });

  it('needs a reason, and cannot lift a hold that is not there or hold an erased subject', () => {
    expect(() => decide([], { ...erase, reason: '  ' })).toThrow(RuleViolation);
    expect(() => decide([], { type: 'LiftLegalHold', ...base, reason: '' })).toThrow(
      expect.objectContaining({ rule: 'privacy.no_legal_hold' }),
    );
    expect(() => decide(decide([], erase), { type: 'PlaceLegalHold', ...base, reason: 'x' })).toThrow(
      expect.objectContaining({ rule: 'privacy.already_erased' }),
    );
  });

  it('marks eligibility once, and not while held', () => {
    const mark: PrivacyCommand = { type: 'MarkRetentionEligible', ...base, eligibleOn: '2026-01-01', retentionYears: 25 };
    const marked = decide([], mark);
    expect(marked).toHaveLength(1);
    expect(decide(marked, mark)).toEqual([]);
    expect(decide(held, mark)).toEqual([]);
  });
});

describe('retention', () => {
  it('is date of birth + the retention years', () => {
    expect(eligibleOn('2001-03-01', 25)).toBe('2026-03-01');
    expect(eligibleOn('2000-02-29', 25)).toBe('2025-02-28');
    expect(eligibleOn('[erased]', 25)).toBeNull();
  });
});

describe('configuration', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
  it('requires MASTER_KEY in production, and 32 bytes of it', () => {
    expect(() => loadConfig(production)).toThrow(/MASTER_KEY/);
    expect(() => loadConfig({ MASTER_KEY: randomBytes(16).toString('base64') })).toThrow(ConfigError);
    expect(loadConfig({ ...production, MASTER_KEY: randomBytes(32).toString('base64') }).RETENTION_YEARS).toBe(25);
  });
});
