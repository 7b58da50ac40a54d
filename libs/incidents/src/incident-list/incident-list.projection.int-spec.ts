import { UpcasterChain } from '#lib/event-store';
import { incidentRecorded, projectionHarness, projectionHarnessPerTest } from '#lib/testing';
import type { IncidentRecordedV1Data } from '../domain/events.js';
import { INCIDENT_UPCASTERS } from '../domain/upcasters.js';
import { INCIDENT_LIST, incidentListProjection } from './incident-list.projection.js';

// Given events → then rows, without the platform: the incident list's rows as the projection writes them.
const h = projectionHarnessPerTest('incident_list_projection', [incidentListProjection]);

interface Row {
  incident_id: string;
  school_id: string;
  trust_id: string;
  pupil_id: string;
  occurred_at: Date;
  recorded_at: string;
  location: string;
  intervention_type: string;
  recorded_by: string;
  staff_ids: string[];
  parent_told_or_exempted: boolean;
  pupil_debriefed: boolean;
  staff_debriefed: boolean;
  reviewed: boolean;
}

const correction = { correctionId: 'k', reason: 'wrong', correctedBy: 'ada', correctedAt: '2026-03-02T10:00:00.000Z' };

describe('incident list projection', () => {
  it('keeps each incident as it stands, with its school and who recorded it or took part', async () => {
    await h.given('incident-i1', [
      incidentRecorded('i1', {
        staffInvolved: [
          { staffId: 'ben', holds: [] },
          { name: 'Agency TA', holds: [] },
        ],
      }),
    ]);
    await h.given('incident-i1', [
      { type: 'IncidentCorrected', data: { field: 'occurredAt', value: '2026-03-02T08:10:00.000Z', ...correction } },
      { type: 'IncidentCorrected', data: { field: 'location', value: 'Hall', ...correction } },
      { type: 'IncidentCorrected', data: { field: 'interventionType', value: 'seclusion', ...correction } },
      { type: 'IncidentCorrected', data: { field: 'staffInvolved', value: [{ staffId: 'cat', holds: [] }], ...correction } },
      { type: 'IncidentCorrected', data: { field: 'antecedents', value: 'Shouted', ...correction } },
    ]);
    const [row, ...others] = await h.rows<Row>(INCIDENT_LIST, 'incident_list');
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      incident_id: 'i1',
      school_id: 'oakfield',
      trust_id: 'demo-trust',
      pupil_id: 'p1',
      recorded_at: '2026-03-02T09:00:00.000Z',
      location: 'Hall',
      intervention_type: 'seclusion',
      recorded_by: 'ada',
      staff_ids: ['cat'],
    });
    expect(row!.occurred_at.toISOString()).toBe('2026-03-02T08:10:00.000Z');
  });

  it('marks each follow-up done as it happens, for its own incident only', async () => {
    await h.given('incident-i1', [incidentRecorded('i1')]);
    await h.given('incident-i2', [incidentRecorded('i2')]);
    const flags = async () =>
      (await h.rows<Row>(INCIDENT_LIST, 'incident_list', 'incident_id')).map((r) => [
        r.incident_id,
        r.parent_told_or_exempted,
        r.pupil_debriefed,
        r.staff_debriefed,
        r.reviewed,
      ]);
    expect(await flags()).toEqual([
      ['i1', false, false, false, false],
      ['i2', false, false, false, false],
    ]);
    const at = { recordedBy: 'ada', recordedAt: '2026-03-02T10:00:00.000Z' };
    await h.given('incident-i1', [
      { type: 'ParentNotified', data: { notifiedAt: '2026-03-02T09:30:00.000Z', method: 'phone', notifiedBy: 'ada', ...at } },
      { type: 'DebriefHeld', data: { debriefId: 'd1', kind: 'pupil', heldAt: '2026-03-02T10:00:00.000Z', notes: 'n', ...at } },
    ]);
    await h.given('incident-i2', [
      { type: 'ParentNotificationExempted', data: { reason: 'risk', significantHarmRisk: true, decidedAs: 'dsl', ...at } },
      { type: 'DebriefHeld', data: { debriefId: 'd2', kind: 'staff', heldAt: '2026-03-02T10:00:00.000Z', notes: 'n', ...at } },
      { type: 'IncidentReviewed', data: { notes: 'n', reviewedBy: 'head', reviewedAt: '2026-03-03T10:00:00.000Z' } },
    ]);
    expect(await flags()).toEqual([
      ['i1', true, true, false, false],
      ['i2', true, false, true, true],
    ]);
  });

  it('reads v1 incidents as the store upcasts them: the force type as an intervention type, a force-type correction too', async () => {
    const v1 = await projectionHarness('incident_list_v1', [incidentListProjection], {
      upcasters: new UpcasterChain([...INCIDENT_UPCASTERS]),
    });
    try {
      const { interventionType: _, injuries: __, ...current } = incidentRecorded('i1').data;
      const recorded: IncidentRecordedV1Data = {
        ...current,
        staffInvolved: [{ staffId: 'ada', holds: [] }],
        forceType: 'restrictive_hold',
        pupilInjury: '',
        staffInjury: '',
      };
      await v1.given('incident-i1', [{ type: 'IncidentRecorded', data: recorded as never }]);
      expect((await v1.rows<Row>(INCIDENT_LIST, 'incident_list'))[0]!.intervention_type).toBe('physical_restraint');
      await v1.given('incident-i1', [
        { type: 'IncidentCorrected', data: { field: 'forceType', value: 'seclusion', ...correction } as never },
      ]);
      expect((await v1.rows<Row>(INCIDENT_LIST, 'incident_list'))[0]!.intervention_type).toBe('seclusion');
    } finally {
      await v1.close();
    }
  });
});
