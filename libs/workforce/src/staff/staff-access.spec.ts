import type { Actor } from '#lib/kernel';
import { canSeeStaff, trainingRecorderAccess } from './staff-access.js';

const oakfield = 'school-oakfield';
const riverside = 'school-riverside';
const sam = { staffId: 'sam', schoolId: oakfield };
const actor = (overrides: Partial<Actor>): Actor => ({
  staffId: 'someone',
  name: 'Someone',
  roles: ['staff'],
  schoolId: oakfield,
  trustId: 'trust',
  ...overrides,
});

describe('canSeeStaff', () => {
  it('lets staff see colleagues of their own school only', () => {
    expect(canSeeStaff(actor({}), sam, [])).toBe(true);
    expect(canSeeStaff(actor({ schoolId: riverside, roles: ['headteacher'] }), sam, [])).toBe(false);
  });

  it('lets trust auditors and admins see the schools of their trust only', () => {
    expect(canSeeStaff(actor({ schoolId: null, roles: ['trust_auditor'] }), sam, [oakfield, riverside])).toBe(true);
    expect(canSeeStaff(actor({ schoolId: null, roles: ['trust_admin'] }), sam, [riverside])).toBe(false);
    expect(canSeeStaff(actor({ schoolId: null, roles: ['staff'] }), sam, [oakfield])).toBe(false);
  });
});

describe('trainingRecorderAccess', () => {
  it('allows the staff member themselves', () => expect(trainingRecorderAccess(actor({ staffId: 'sam' }), sam, [])).toBe('allowed'));

  it('allows the DSL and the headteacher of the school, not a deputy or a colleague', () => {
    expect(trainingRecorderAccess(actor({ roles: ['dsl'] }), sam, [])).toBe('allowed');
    expect(trainingRecorderAccess(actor({ roles: ['headteacher'] }), sam, [])).toBe('allowed');
    expect(trainingRecorderAccess(actor({ roles: ['deputy_dsl'] }), sam, [])).toBe('forbidden');
    expect(trainingRecorderAccess(actor({}), sam, [])).toBe('forbidden');
  });

  it('allows a trust admin of the trust and refuses a trust auditor', () => {
    expect(trainingRecorderAccess(actor({ schoolId: null, roles: ['trust_admin'] }), sam, [oakfield])).toBe('allowed');
    expect(trainingRecorderAccess(actor({ schoolId: null, roles: ['trust_auditor'] }), sam, [oakfield])).toBe('forbidden');
  });

  it('hides staff of another school or trust', () => {
    expect(trainingRecorderAccess(actor({ schoolId: riverside, roles: ['dsl'] }), sam, [])).toBe('hidden');
    expect(trainingRecorderAccess(actor({ schoolId: null, roles: ['trust_admin'] }), sam, [riverside])).toBe('hidden');
  });
});
