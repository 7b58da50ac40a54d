import { alertEmail, type AlertToNotify, deliveryFor, digestEmail, isUrgent, type Recipient } from './notification-rules.js';

const alert = (o: Partial<AlertToNotify> = {}): AlertToNotify => ({
  id: 'a-1',
  kind: 'concern_raised',
  priority: 'medium',
  audience: 'dsl',
  schoolId: 's-1',
  concernId: 'c-1',
  aboutStaffId: null,
  raisedAt: new Date('2026-03-02T09:00:00Z'),
  ...o,
});
const person = (o: Partial<Recipient> = {}): Recipient => ({
  staffId: 'st-1',
  email: 'x@school.test',
  roles: ['dsl'],
  preference: 'digest',
  ...o,
});

describe('which alerts are urgent', () => {
  it('urgent and immediate-danger concerns, escalations and allegations; not a routine concern nor compliance', () => {
    expect(isUrgent(alert({ priority: 'high' }))).toBe(true);
    expect(isUrgent(alert({ priority: 'critical' }))).toBe(true);
    expect(isUrgent(alert({ priority: 'medium' }))).toBe(false);
    expect(isUrgent(alert({ kind: 'concern_unacknowledged', priority: 'high' }))).toBe(true);
    expect(isUrgent(alert({ kind: 'allegation_raised', priority: 'high' }))).toBe(true);
    expect(isUrgent(alert({ kind: 'training_expired', priority: 'high' }))).toBe(false);
  });
});

describe('delivery', () => {
  it('urgent: at once whatever the choice; otherwise as chosen', () => {
    expect(deliveryFor(alert({ priority: 'critical' }), person({ preference: 'off' }))).toBe('immediate');
    expect(deliveryFor(alert(), person({ preference: 'off' }))).toBeNull();
    expect(deliveryFor(alert(), person({ preference: 'immediate' }))).toBe('immediate');
    expect(deliveryFor(alert(), person({ preference: 'digest' }))).toBe('digest');
  });

  it('never to the adult the concern is about, however urgent', () => {
    expect(deliveryFor(alert({ kind: 'allegation_raised', aboutStaffId: 'st-1' }), person())).toBeNull();
    expect(deliveryFor(alert({ kind: 'allegation_raised', aboutStaffId: 'st-2' }), person())).toBe('immediate');
  });
});

describe('the words', () => {
  it('an alert: kind, school and a link, nothing else', () => {
    const email = alertEmail(alert({ priority: 'critical' }), {
      kindLabel: 'New concern',
      schoolName: 'Oakfield',
      baseUrl: 'https://x.test',
    });
    expect(email.subject).toBe('Immediate danger: New concern — Oakfield');
    expect(email.text).toContain('https://x.test/#/concerns/c-1');
    expect(
      alertEmail(alert({ concernId: null, kind: 'training_expired' }), {
        kindLabel: 'Training expired',
        schoolName: 'Oakfield',
        baseUrl: 'https://x.test',
      }).text,
    ).toContain('https://x.test/#/inbox');
  });

  it('a digest counts by kind and school', () => {
    const email = digestEmail(
      [
        { kindLabel: 'Training expired', schoolName: 'Oakfield' },
        { kindLabel: 'Training expired', schoolName: 'Oakfield' },
        { kindLabel: 'Debrief overdue', schoolName: 'Oakfield' },
      ],
      { baseUrl: 'https://x.test', date: '2026-03-03' },
    );
    expect(email.subject).toBe('Safeguarding platform: 3 new alerts (2026-03-03)');
    expect(email.text).toContain('- Debrief overdue — Oakfield: 1\n- Training expired — Oakfield: 2');
  });
});
