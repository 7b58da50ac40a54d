import { teamTeachChecks, type IncidentFacts } from './team-teach.checks.js';

// Monday 2 March 2026; the debrief window (2 school days) runs to the end of Wednesday 4 March.
const complete: IncidentFacts = {
  occurredAt: '2026-03-02T10:00:00Z',
  recordedAt: '2026-03-02T11:00:00Z',
  staff: [{ staffId: 's-1', holds: ['single_elbow'] }],
  notifications: [{ notifiedAt: '2026-03-02T15:00:00Z', exempted: false }],
  debriefKinds: ['pupil', 'staff'],
  reviewed: true,
  certificates: [{ staffId: 's-1', course: 'team_teach_level_2', completedOn: '2025-03-02', expiresOn: '2026-03-02' }],
  asOf: '2026-03-10T12:00:00Z',
  followUpSchoolDays: 2,
};
const level1 = [{ staffId: 's-1', course: 'team_teach_level_1', completedOn: '2025-09-01', expiresOn: '2027-09-01' }];

describe('Team Teach checks', () => {
  it('finds nothing wrong with a fully followed-up incident (a certificate is valid on its expiry date)', () => {
    expect(teamTeachChecks(complete)).toMatchObject({ breaches: [], pending: [] });
  });

  it('names each missing step once every window has closed', () => {
    const { breaches } = teamTeachChecks({ ...complete, notifications: [], debriefKinds: [], reviewed: false, certificates: [] });
    expect(breaches).toEqual([
      'parent_not_notified',
      'pupil_debrief_missing',
      'staff_debrief_missing',
      'not_reviewed',
      'uncertified_restraint',
    ]);
  });

  it('marks a debrief on day 1 of its 2-school-day window pending, never a breach; the day after the window it is a breach', () => {
    const open = { ...complete, debriefKinds: ['staff'], asOf: '2026-03-03T12:00:00Z' };
    const during = teamTeachChecks(open);
    expect(during.checks.pupilDebriefHeld).toBe('pending');
    expect(during.pending).toEqual(['pupilDebriefHeld']);
    expect(during.breaches).toEqual([]);
    // The last minute of Wednesday is still inside; Thursday morning is not.
    expect(teamTeachChecks({ ...open, asOf: '2026-03-04T23:59:00Z' }).checks.pupilDebriefHeld).toBe('pending');
    expect(teamTeachChecks({ ...open, asOf: '2026-03-05T08:00:00Z' }).breaches).toEqual(['pupil_debrief_missing']);
  });

  it('keeps a parent notification pending until the end of the day of the incident', () => {
    const sameDay = teamTeachChecks({ ...complete, notifications: [], asOf: '2026-03-02T16:00:00Z' });
    expect(sameDay.checks.parentNotifiedSameDay).toBe('pending');
    expect(sameDay.breaches).not.toContain('parent_not_notified');
    expect(teamTeachChecks({ ...complete, notifications: [], asOf: '2026-03-03T00:00:01Z' }).breaches).toContain('parent_not_notified');
  });

  it('judges "same day" by the London calendar date (BST after midnight is the next day)', () => {
    const summer = {
      ...complete,
      occurredAt: '2026-06-01T22:30:00Z',
      asOf: '2026-07-01T00:00:00Z',
      certificates: [{ ...complete.certificates[0]!, expiresOn: '2026-12-31' }],
    };
    // 23:30 on 1 June in London; recorded 00:30 on 2 June London time.
    expect(teamTeachChecks({ ...summer, recordedAt: '2026-06-01T23:30:00Z', notifications: [] }).breaches).toContain(
      'restraint_recorded_late',
    );
    expect(teamTeachChecks({ ...summer, recordedAt: '2026-06-01T22:50:00Z', notifications: [] }).checks.recordedSameDay).toBe(true);
  });

  it('accepts an exemption instead of a notification, and needs everyone who used a hold certified', () => {
    expect(teamTeachChecks({ ...complete, notifications: [{ notifiedAt: null, exempted: true }] }).checks.parentNotifiedSameDay).toBe(true);
    const two = [...complete.staff, { staffId: 's-2', holds: ['wrap'] }];
    expect(teamTeachChecks({ ...complete, staff: two }).breaches).toEqual(['uncertified_restraint']);
    const notPhysical = [{ staffId: 's-1', course: 'first_aid_at_work', completedOn: '2025-03-02', expiresOn: '2027-03-02' }];
    expect(teamTeachChecks({ ...complete, certificates: notPhysical }).checks.allStaffCertified).toBe(false);
  });

  it('needs no certificate of someone who used no hold (a seclusion)', () => {
    const seclusion = {
      ...complete,
      staff: [
        { staffId: 's-2', holds: [] },
        { staffId: null, holds: [] },
      ],
    };
    expect(teamTeachChecks(seclusion).checks).toMatchObject({ allStaffCertified: true, holdsWithinCertifiedLevel: true });
  });

  it('counts a named agency worker who used a hold as not certified (no certificate on record)', () => {
    expect(teamTeachChecks({ ...complete, staff: [{ staffId: null, holds: ['single_elbow'] }] }).breaches).toEqual([
      'uncertified_restraint',
    ]);
  });

  it('is a breach for a level-1 holder to use a hold taught only at level 2; level-1 holds are covered', () => {
    const wrap = teamTeachChecks({ ...complete, staff: [{ staffId: 's-1', holds: ['single_elbow', 'wrap'] }], certificates: level1 });
    expect(wrap.checks).toMatchObject({ allStaffCertified: true, holdsWithinCertifiedLevel: false });
    expect(wrap.breaches).toEqual(['hold_above_certified_level']);
    expect(teamTeachChecks({ ...complete, certificates: level1 }).breaches).toEqual([]);
    // PROACT-SCIPr-UK has no hold list in the reference: any in-date certificate of it covers the holds used.
    const proact = [{ staffId: 's-1', course: 'proact_scip', completedOn: '2025-09-01', expiresOn: '2027-09-01' }];
    expect(teamTeachChecks({ ...complete, staff: [{ staffId: 's-1', holds: ['wrap'] }], certificates: proact }).breaches).toEqual([]);
  });
});
