import { ReadModels } from '#lib/read-models';
import { Seeder, startTestPlatform, type TestPlatform } from '#lib/testing';
import { DIRECTORY } from './directory.projection.js';
import { searchPupils } from './directory.queries.js';

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ label: 'directory' });
}, 60_000);
afterAll(async () => p.close());

describe('directory projection', () => {
  it('finds a school’s pupils by part of their name, sorted by last name', async () => {
    const seed = new Seeder(p);
    const ada = await seed.pupil(p.schools.oakfield, 'Ada', 'Zephyr');
    const bo = await seed.pupil(p.schools.oakfield, 'Bo', 'Adams');
    await seed.pupil(p.schools.riverside, 'Ada', 'Elsewhere');
    await p.settle();
    const readModels = p.app.get(ReadModels);
    const oakfield = { schoolIds: [p.schools.oakfield], reader: { staffId: 'test-reader', caseManagerRoles: [] } };
    const pupils = await readModels.read(DIRECTORY, oakfield, (db) => searchPupils(db, p.schools.oakfield, ''));
    expect(pupils.map((x) => x.id)).toEqual([bo, ada]);
    expect(pupils[0]).toEqual({
      id: bo,
      firstName: 'Bo',
      lastName: 'Adams',
      fullName: 'Bo Adams',
      yearGroup: '4',
      sen: false,
      ehcp: false,
    });
    expect((await readModels.read(DIRECTORY, oakfield, (db) => searchPupils(db, p.schools.oakfield, 'ADA Z'))).map((x) => x.id)).toEqual([
      ada,
    ]);
  });
});
