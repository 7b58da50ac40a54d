import { incidentRecorded, projectionHarnessPerTest, trainingCompleted } from '#lib/testing';
import type { StaffInvolvement } from '../domain/vocabulary.js';
import { TEAM_TEACH, teamTeachProjection } from './team-teach.projection.js';

// Given events → then rows, without the platform: the Team Teach audit's tables as the projection writes them.
const h = projectionHarnessPerTest('team_teach_projection', [teamTeachProjection]);

const recorded = (incidentId: string, staffInvolved: StaffInvolvement[]) =>
  incidentRecorded(incidentId, {
    staffInvolved,
    antecedents: 'Refused to leave the room during a fire drill',
    deEscalation: ['calm_talking', 'choices_offered'],
    reason: 'risk_of_injury_to_self',
    aftercare: 'Quiet room with a familiar adult',
  });

const trained = (completionId: string, course: string) => trainingCompleted(completionId, { course, provider: null });

describe('Team Teach projection', () => {
  it('keeps each incident as it stands: corrections of its time and staff apply, others leave it alone', async () => {
    await h.given('incident-i1', [recorded('i1', [{ staffId: 'ada', holds: ['single_elbow'] }])]);
    await h.given('incident-i1', [
      {
        type: 'IncidentCorrected',
        data: {
          field: 'occurredAt',
          value: '2026-03-02T08:10:00.000Z',
          correctionId: 'k1',
          reason: 'clock',
          correctedBy: 'ada',
          correctedAt: '2026-03-02T10:00:00.000Z',
        },
      },
      {
        type: 'IncidentCorrected',
        data: {
          field: 'staffInvolved',
          value: [
            { staffId: 'ada', holds: ['single_elbow'] },
            { staffId: 'ben', holds: [] },
          ],
          correctionId: 'k2',
          reason: 'Ben was there',
          correctedBy: 'ada',
          correctedAt: '2026-03-02T10:00:00.000Z',
        },
      },
      {
        type: 'IncidentCorrected',
        data: {
          field: 'location',
          value: 'Hall',
          correctionId: 'k3',
          reason: 'wrong room',
          correctedBy: 'ada',
          correctedAt: '2026-03-02T10:00:00.000Z',
        },
      },
    ]);
    const [incident, ...others] = await h.rows<{
      incident_id: string;
      school_id: string;
      trust_id: string;
      pupil_id: string;
      occurred_at: Date;
      staff_ids: string[];
    }>(TEAM_TEACH, 'incidents');
    expect(others).toEqual([]);
    expect(incident).toMatchObject({
      incident_id: 'i1',
      school_id: 'oakfield',
      trust_id: 'demo-trust',
      pupil_id: 'p1',
      staff_ids: ['ada', 'ben'],
    });
    expect(incident!.occurred_at.toISOString()).toBe('2026-03-02T08:10:00.000Z');
  });

  it('records what followed an incident in its school: parents told or exempted, debriefs, the senior review', async () => {
    await h.given('incident-i1', [recorded('i1', [])]);
    await h.given('incident-i1', [
      {
        type: 'ParentNotified',
        data: {
          notifiedAt: '2026-03-02T15:30:00.000Z',
          method: 'phone',
          notifiedBy: 'ada',
          recordedBy: 'ada',
          recordedAt: '2026-03-02T15:35:00.000Z',
        },
      },
      {
        type: 'DebriefHeld',
        data: {
          debriefId: 'd1',
          kind: 'pupil',
          heldAt: '2026-03-03T10:00:00.000Z',
          notes: 'Talked it through',
          recordedBy: 'ada',
          recordedAt: '2026-03-03T10:30:00.000Z',
        },
      },
      { type: 'IncidentReviewed', data: { notes: 'Plan updated', reviewedBy: 'head', reviewedAt: '2026-03-04T12:00:00.000Z' } },
    ]);
    await h.given('incident-i2', [recorded('i2', [])]);
    await h.given('incident-i2', [
      {
        type: 'ParentNotificationExempted',
        data: { reason: 'Looked after: social worker told', recordedBy: 'ada', recordedAt: '2026-03-02T15:00:00.000Z' },
      },
    ]);

    const notifications = await h.rows<{ incident_id: string; school_id: string; notified_at: Date | null; exempted: boolean }>(
      TEAM_TEACH,
      'notifications',
      'incident_id',
    );
    expect(notifications.map((n) => [n.incident_id, n.school_id, n.notified_at?.toISOString() ?? null, n.exempted])).toEqual([
      ['i1', 'oakfield', '2026-03-02T15:30:00.000Z', false],
      ['i2', 'oakfield', null, true],
    ]);
    const debriefs = await h.rows<{ incident_id: string; debrief_id: string; kind: string; held_at: Date }>(TEAM_TEACH, 'debriefs');
    expect(debriefs.map((d) => [d.incident_id, d.debrief_id, d.kind, d.held_at.toISOString()])).toEqual([
      ['i1', 'd1', 'pupil', '2026-03-03T10:00:00.000Z'],
    ]);
    // A review is dated when the command ran (the event's metadata), as the audit counts it.
    const reviews = await h.rows<{ incident_id: string; reviewed_at: Date }>(TEAM_TEACH, 'reviews');
    expect(reviews.map((r) => [r.incident_id, r.reviewed_at.toISOString()])).toEqual([['i1', h.clock.now().toISOString()]]);
  });

  it('keeps physical-intervention certificates only, under the stream’s member of staff', async () => {
    await h.given('staff-ada', [trained('c1', 'team_teach_level_2'), trained('c2', 'paediatric_first_aid'), trained('c3', 'proact_scip')]);
    const certificates = await h.rows<{ staff_id: string; completion_id: string; course: string; school_id: string }>(
      TEAM_TEACH,
      'certificates',
      'completion_id',
    );
    expect(certificates.map((c) => [c.staff_id, c.completion_id, c.course, c.school_id])).toEqual([
      ['ada', 'c1', 'team_teach_level_2', 'oakfield'],
      ['ada', 'c3', 'proact_scip', 'oakfield'],
    ]);
  });
});
