import type { Actor, Role } from '#lib/kernel';
import type { Incident } from './domain/decider.js';
import { canAddToIncident, canSeeIncident, type IncidentInScope } from './incident-access.js';

const incident = {
  incidentId: 'i-1',
  recordedBy: 'lba-1',
  record: { staffInvolved: [{ staffId: 'ta-1', holds: ['wrap'] }], witnesses: ['ta-2'] },
} as unknown as Incident;
const scope: IncidentInScope = { incident, schoolId: 'oakfield', trustId: 'trust-1' };

const actor = (staffId: string, roles: Role[], schoolId: string | null = 'oakfield', trustId = 'trust-1'): Actor => ({
  staffId,
  name: staffId,
  roles,
  schoolId,
  trustId,
});

describe('canSeeIncident', () => {
  it.each([
    ['the member of staff who recorded it', actor('lba-1', ['staff'])],
    ['a member of staff involved', actor('ta-1', ['staff'])],
    ['the DSL', actor('dsl-1', ['dsl'])],
    ['a deputy DSL', actor('ddsl-1', ['deputy_dsl'])],
    ['the headteacher', actor('head-1', ['headteacher'])],
    ['an auditor of the trust', actor('aud-1', ['trust_auditor'], null)],
  ])('lets %s see it', (_, who) => expect(canSeeIncident(who, scope)).toBe(true));

  it.each([
    ['other staff of the school', actor('ta-9', ['staff'])],
    ['a witness who did not intervene', actor('ta-2', ['staff'])],
    ['the DSL of another school', actor('dsl-2', ['dsl'], 'riverside')],
    ['the recorder signed in to another school', actor('lba-1', ['staff'], 'riverside')],
    ['an auditor of another trust', actor('aud-2', ['trust_auditor'], null, 'trust-2')],
    ['a trust admin', actor('adm-1', ['trust_admin'], null)],
  ])('hides it from %s', (_, who) => expect(canSeeIncident(who, scope)).toBe(false));
});

describe('canAddToIncident', () => {
  it('lets the school staff who may see it add to it', () => expect(canAddToIncident(actor('ta-1', ['staff']), scope)).toBe(true));
  it('never lets a trust auditor add to it', () => expect(canAddToIncident(actor('aud-1', ['trust_auditor'], null), scope)).toBe(false));
});

describe('a school that received the pupil’s child protection file', () => {
  const receivingDsl = actor('dsl-9', ['dsl'], 'hillside', 'trust-2');
  it('lets its safeguarding leads read the incident', () => expect(canSeeIncident(receivingDsl, scope, true)).toBe(true));
  it('shows its other staff nothing', () =>
    expect(canSeeIncident(actor('ta-9', ['staff'], 'hillside', 'trust-2'), scope, true)).toBe(false));
  it('shows nothing before the file is received', () => expect(canSeeIncident(receivingDsl, scope, false)).toBe(false));
  it('never lets it add to the record (the sending school keeps it)', () => expect(canAddToIncident(receivingDsl, scope)).toBe(false));
});
