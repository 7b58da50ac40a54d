import type { ConcernEvent } from '#lib/concerns';
import { projectionHarnessPerTest, pupilRegistered } from '#lib/testing';
import { eventTallyProjection } from './event-tally.projection.js';

// Given events → then rows, without the platform or Kafka: the tally the distributed tests read after crashes.
const h = projectionHarnessPerTest('event_tally_projection', [eventTallyProjection]);

interface TallyRow {
  event_id: string;
  stream_id: string;
  type: string;
  global_position: string;
  applied: number;
}
const tally = () => h.rows<TallyRow>(eventTallyProjection.name, 'event_tally', 'global_position');
/** What the store holds, in its order: the tally must match it one to one. */
const stored = async () =>
  (await h.db.pool.query<TallyRow>('SELECT event_id, stream_id, type, global_position FROM events ORDER BY global_position')).rows;

const registered = pupilRegistered('p1');
const acknowledged: ConcernEvent = {
  type: 'ConcernAcknowledged',
  schemaVersion: 1,
  data: { acknowledgedBy: 'dsl', acknowledgedAt: '2026-03-02T09:05:00.000Z' },
};

describe('event tally projection', () => {
  it('counts every stored event once, whatever its type or stream, with its id and position in the store', async () => {
    await h.given('pupil-p1', [
      registered,
      { type: 'PupilSenStatusChanged', data: { sen: true, ehcp: false, changedAt: '2026-03-02T09:00:00.000Z' } },
    ]);
    await h.given('concern-c1', [acknowledged], { schoolId: null });
    const rows = await tally();
    expect(rows.map((r) => [r.stream_id, r.type, r.applied])).toEqual([
      ['pupil-p1', 'PupilRegistered', 1],
      ['pupil-p1', 'PupilSenStatusChanged', 1],
      ['concern-c1', 'ConcernAcknowledged', 1],
    ]);
    expect(rows.map(({ event_id, stream_id, type, global_position }) => ({ event_id, stream_id, type, global_position }))).toEqual(
      await stored(),
    );
  });

  it('leaves the events of earlier batches counted once as later batches apply', async () => {
    await h.given('pupil-p1', [registered]);
    await h.given('concern-c1', [acknowledged]);
    await h.given('concern-c1', [acknowledged]);
    const rows = await tally();
    expect(rows.map((r) => r.applied)).toEqual([1, 1, 1]);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(3);
  });
});
