import type { PupilEvent } from '#lib/pupils';
import { senStatusAt } from './pupil-sen.js';

const registered: PupilEvent = {
  type: 'PupilRegistered',
  schemaVersion: 1,
  data: {
    pupilId: 'p-1',
    firstName: 'Ava',
    lastName: 'Brown',
    dateOfBirth: '2016-05-04',
    yearGroup: '4',
    upn: null,
    sen: true,
    ehcp: false,
    schoolId: 'oakfield',
    registeredAt: '2025-09-01T08:00:00Z',
  },
};
const ehcpGranted: PupilEvent = {
  type: 'PupilSenStatusChanged',
  schemaVersion: 1,
  data: { sen: true, ehcp: true, changedAt: '2026-03-02T10:00:00Z' },
};

describe('senStatusAt', () => {
  it('is null for a pupil never registered', () => expect(senStatusAt([], '2026-03-02T09:00:00Z')).toBeNull());
  it('is the status in force when the incident happened, not a later change', () =>
    expect(senStatusAt([registered, ehcpGranted], '2026-03-02T09:59:59Z')).toEqual({ sen: true, ehcp: false }));
  it('includes a change made at or before that moment', () =>
    expect(senStatusAt([registered, ehcpGranted], '2026-03-02T10:00:00Z')).toEqual({ sen: true, ehcp: true }));
  it('uses the registered status for an incident before the pupil was registered here', () =>
    expect(senStatusAt([registered], '2025-08-01T10:00:00Z')).toEqual({ sen: true, ehcp: false }));
});
