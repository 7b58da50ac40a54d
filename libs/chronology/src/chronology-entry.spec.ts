import type { RecordedEvent } from '#lib/event-store';
import { chronologyLine, isLate } from './chronology-entry.js';

const event = (type: string, data: unknown, occurredAt = '2026-03-02T09:00:00Z') =>
  ({ type, data, metadata: { occurredAt }, recordedAt: '2026-03-02T09:00:00Z' }) as unknown as RecordedEvent;

describe('chronology lines', () => {
  it('is late only when stored on a later London date than it happened', () => {
    expect(isLate('2026-03-02T08:00:00Z', '2026-03-02T23:59:00Z')).toBe(false);
    expect(isLate('2026-03-02T08:00:00Z', '2026-03-03T00:01:00Z')).toBe(true);
    // 23:30 on 1 June in London (BST) is 22:30Z; 23:01Z is already 2 June in London.
    expect(isLate('2026-06-01T22:30:00Z', '2026-06-01T22:50:00Z')).toBe(false);
    expect(isLate('2026-06-01T22:30:00Z', '2026-06-01T23:01:00Z')).toBe(true);
  });

  it('takes the time the user gave where there is one', () => {
    expect(chronologyLine(event('ConcernRaised', { summary: 'Bruise on arm', occurredAt: '2026-03-01T15:00:00Z' }))).toEqual({
      kind: 'concern_raised',
      summary: 'Bruise on arm',
      occurredAt: '2026-03-01T15:00:00Z',
    });
    expect(chronologyLine(event('DebriefHeld', { kind: 'pupil', heldAt: '2026-03-02T12:00:00Z' }))).toEqual({
      kind: 'debrief_held',
      summary: 'Pupil debrief held',
      occurredAt: '2026-03-02T12:00:00Z',
    });
    expect(chronologyLine(event('ConcernTriaged', { decision: 'early_help', riskLevel: 'medium' }))?.summary).toBe(
      'Triage: early help (medium risk)',
    );
    expect(chronologyLine(event('ConcernAcknowledged', {}))).toBeNull();
  });
});
