import { liveSource, ReadModels, replaySource } from '#lib/read-models';
import { startTestPlatform, type TestPlatform } from '../test-platform.js';
import { READ_PROJECTIONS } from '#lib/platform';
import { checksums } from './checksums.js';
import { randomHistory } from './random-history.js';
import { snapshot } from './snapshot.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ label: 'projections_rebuild_5000' });
  p.clock.set('2026-01-05T07:00:00Z');
}, 60_000);
afterAll(async () => p.close());

describe('rebuild equals live (5,000 commands)', () => {
  it('rebuilds every projection from zero to the same rows the live generation holds', async () => {
    const readModels = p.app.get(ReadModels);
    const schools = [p.schools.oakfield, p.schools.riverside];
    let midway: { at: Date; live: unknown } | null = null;
    await randomHistory(p, 5000, 5000, async (i) => {
      if (i !== 2499) return;
      await p.settle();
      const at = p.clock.now();
      midway = { at, live: await snapshot(liveSource(readModels), at, schools, p.trustId) };
    });
    await p.settle();
    expect(await p.eventCount()).toBeGreaterThan(3000);
    for (const projection of READ_PROJECTIONS) {
      const before = await checksums(p.db.pool, readModels.runner(projection.name).liveSchema);
      await readModels.rebuild(projection.name);
      expect(await checksums(p.db.pool, readModels.runner(projection.name).liveSchema)).toEqual(before);
    }
    const { at, live } = midway!;
    expect(await snapshot(replaySource(readModels, at), at, schools, p.trustId)).toEqual(live);
    // About 80 s alone; beside the browser journeys (three browsers and their platforms) on two cores, more than 180 s.
  }, 420_000);
});
