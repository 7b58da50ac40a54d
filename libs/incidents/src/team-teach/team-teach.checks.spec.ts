import { teamTeachChecks, type IncidentFacts } from './team-teach.checks.js';

const complete: IncidentFacts = {
  occurredAt: '2026-03-02T10:00:00Z',
  recordedAt: '2026-03-02T11:00:00Z',
  staffIds: ['s-1'],
  notifications: [{ notifiedAt: '2026-03-02T15:00:00Z', exempted: false }],
  debriefKinds: ['pupil', 'staff'],
  reviewed: true,
  certificates: [{ staffId: 's-1', course: 'team_teach_level_2', completedOn: '2025-03-02', expiresOn: '2026-03-02' }],
};

describe('Team Teach checks', () => {
  it('finds nothing wrong with a fully followed-up incident (a certificate is valid on its expiry date)', () => {
    expect(teamTeachChecks(complete).breaches).toEqual([]);
  });

  it('names each missing step', () => {
    const { breaches } = teamTeachChecks({ ...complete, notifications: [], debriefKinds: [], reviewed: false, certificates: [] });
    expect(breaches).toEqual([
      'parent_not_notified',
      'pupil_debrief_missing',
      'staff_debrief_missing',
      'not_reviewed',
      'uncertified_restraint',
    ]);
  });

  it('judges "same day" by the London calendar date (BST after midnight is the next day)', () => {
    const summer = {
      ...complete,
      occurredAt: '2026-06-01T22:30:00Z',
      certificates: [{ ...complete.certificates[0]!, expiresOn: '2026-12-31' }],
    };
    // 23:30 on 1 June in London; recorded 00:30 on 2 June London time.
    expect(teamTeachChecks({ ...summer, recordedAt: '2026-06-01T23:30:00Z', notifications: [] }).breaches).toContain(
      'restraint_recorded_late',
    );
    expect(teamTeachChecks({ ...summer, recordedAt: '2026-06-01T22:50:00Z', notifications: [] }).checks.recordedSameDay).toBe(true);
  });

  it('accepts an exemption instead of a notification, and needs every member of staff certified', () => {
    expect(teamTeachChecks({ ...complete, notifications: [{ notifiedAt: null, exempted: true }] }).checks.parentNotifiedSameDay).toBe(true);
    expect(teamTeachChecks({ ...complete, staffIds: ['s-1', 's-2'] }).breaches).toEqual(['uncertified_restraint']);
    const notPhysical = [{ staffId: 's-1', course: 'first_aid_at_work', completedOn: '2025-03-02', expiresOn: '2027-03-02' }];
    expect(teamTeachChecks({ ...complete, certificates: notPhysical }).checks.allStaffCertified).toBe(false);
  });
});
