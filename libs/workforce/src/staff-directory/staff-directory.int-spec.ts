import { ReadModels } from '#lib/read-models';
import { startTestPlatform, type TestPlatform } from '#lib/testing';
import { STAFF_DIRECTORY } from './staff-directory.projection.js';
import { listStaff } from './staff-directory.queries.js';

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ label: 'staff-directory' });
}, 60_000);
afterAll(async () => p.close());

describe('staff directory projection', () => {
  it('lists a school’s staff, and only that school’s', async () => {
    const ta = await p.createStaff({ school: 'oakfield', name: 'Tess Assistant', jobRole: 'hlta', contractedHoursPerWeek: 30 });
    await p.createStaff({ school: 'riverside' });
    await p.settle();
    const readModels = p.app.get(ReadModels);
    const staff = await readModels.read(
      STAFF_DIRECTORY,
      { schoolIds: [p.schools.oakfield], reader: { staffId: 'test-reader', caseManagerRoles: [] } },
      (db) => listStaff(db, p.schools.oakfield),
    );
    expect(staff).toEqual([
      {
        id: ta.id,
        name: 'Tess Assistant',
        jobRole: 'hlta',
        roles: ['staff'],
        contractedHoursPerWeek: 30,
        hlta: true,
        startDate: '2024-09-01',
        leftOn: null,
      },
    ]);
  });
});
