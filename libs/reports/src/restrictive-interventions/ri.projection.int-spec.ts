import { storeVulnerability, type PupilEvent } from '#lib/pupils';
import { incidentRecorded, projectionHarnessPerTest, pupilRegistered } from '#lib/testing';
import { RESTRICTIVE_INTERVENTIONS, restrictiveInterventionsProjection } from './ri.projection.js';

// Given events → then rows, without the platform: what the restrictive-interventions report counts.
const h = projectionHarnessPerTest('ri_projection', [restrictiveInterventionsProjection]);

const vulnerability = (changedAt: string, disability: boolean): PupilEvent => ({
  type: 'PupilVulnerabilityRecorded',
  schemaVersion: 1,
  data: {
    ...storeVulnerability({
      lookedAfter: false,
      previouslyLookedAfter: false,
      childProtectionPlan: false,
      childInNeed: false,
      disability,
      sex: 'female',
      ethnicity: null,
    }),
    changedAt,
    recordedBy: 'dsl',
  },
});

describe('restrictive interventions projection', () => {
  it('counts an incident by its 2026 type, its registered staff only, and the injuries of its structured record', async () => {
    await h.given('incident-i1', [
      incidentRecorded('i1', {
        interventionType: 'seclusion',
        staffInvolved: [
          { staffId: 'ada', holds: [] },
          { name: 'Agency worker', roleDescription: 'Supply TA', holds: [] },
        ],
        injuries: [
          {
            person: 'pupil',
            description: 'Graze',
            bodyMap: ['left_hand'],
            firstAidGiven: true,
            medicalAttention: false,
            riddorReportable: false,
          },
        ],
      }),
    ]);
    expect(await h.rows(RESTRICTIVE_INTERVENTIONS, 'ri_incidents')).toEqual([
      expect.objectContaining({
        incident_id: 'i1',
        force_type: 'seclusion',
        staff_ids: ['ada'],
        pupil_injured: true,
        staff_injured: false,
      }),
    ]);
  });

  it('keeps every vulnerability record with the instant it took effect, so an incident is counted under the status of its time', async () => {
    await h.given('pupil-p1', [
      pupilRegistered('p1'),
      vulnerability('2026-01-05T09:00:00.000Z', false),
      vulnerability('2026-03-10T09:00:00.000Z', true),
    ]);
    const status = await h.rows<{ effective_at: Date; disability: boolean }>(RESTRICTIVE_INTERVENTIONS, 'ri_pupil_status', 'effective_at');
    expect(status.map((s) => [s.effective_at.toISOString(), s.disability])).toEqual([
      ['2026-01-05T09:00:00.000Z', false],
      ['2026-03-10T09:00:00.000Z', true],
    ]);
  });

  it('follows the pupil into the year group an import from the MIS records', async () => {
    await h.given('pupil-p1', [pupilRegistered('p1', { yearGroup: '2' })]);
    await h.given('pupil-p1', [
      {
        type: 'PupilDetailsChanged',
        data: { firstName: 'Maya', lastName: 'Patel', dateOfBirth: '2018-05-04', yearGroup: '3', changedAt: '2026-09-01T08:00:00.000Z' },
      },
    ]);
    expect(await h.rows(RESTRICTIVE_INTERVENTIONS, 'ri_pupils')).toEqual([expect.objectContaining({ pupil_id: 'p1', year_group: '3' })]);
  });
});
