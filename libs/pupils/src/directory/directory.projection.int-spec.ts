import { projectionHarnessPerTest, pupilRegistered } from '#lib/testing';
import { DIRECTORY, directoryProjection } from './directory.projection.js';

// Given events → then rows, without the platform: the pupil directory as the projection writes it.
const h = projectionHarnessPerTest('pupil_directory_projection', [directoryProjection]);

type PupilRow = { pupil_id: string; school_id: string; sen: boolean; ehcp: boolean };

describe('pupil directory projection', () => {
  it('lists a pupil in the school the registration names', async () => {
    await h.given('pupil-p1', [pupilRegistered('p1', { upn: 'A123456789012', schoolId: 'riverside' })]);
    expect(await h.rows(DIRECTORY, 'pupils')).toEqual([
      {
        pupil_id: 'p1',
        school_id: 'riverside',
        first_name: 'Maya',
        last_name: 'Patel',
        year_group: '2',
        date_of_birth: '2018-05-04',
        upn: 'A123456789012',
        sen: false,
        ehcp: false,
      },
    ]);
  });

  it('shows the SEN status now: each change replaces the last, for the stream’s pupil only', async () => {
    await h.given('pupil-p1', [pupilRegistered('p1')]);
    await h.given('pupil-p2', [pupilRegistered('p2', { firstName: 'Leo' })]);
    await h.given('pupil-p1', [{ type: 'PupilSenStatusChanged', data: { sen: true, ehcp: true, changedAt: '2026-03-02T09:00:00.000Z' } }]);
    await h.given('pupil-p1', [{ type: 'PupilSenStatusChanged', data: { sen: false, ehcp: true, changedAt: '2026-03-03T09:00:00.000Z' } }]);
    const rows = await h.rows<PupilRow>(DIRECTORY, 'pupils', 'pupil_id');
    expect(rows.map((r) => [r.pupil_id, r.sen, r.ehcp])).toEqual([
      ['p1', false, true],
      ['p2', false, false],
    ]);
  });

  it('adds no pupil from a SEN change of a pupil it does not know', async () => {
    await h.given('pupil-ghost', [
      { type: 'PupilSenStatusChanged', data: { sen: true, ehcp: false, changedAt: '2026-03-02T09:00:00.000Z' } },
    ]);
    expect(await h.rows(DIRECTORY, 'pupils')).toEqual([]);
  });
});
