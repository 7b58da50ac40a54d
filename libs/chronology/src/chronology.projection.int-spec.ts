import { concernRaised, incidentRecorded, projectionHarnessPerTest, pupilRegistered } from '#lib/testing';
import { CHRONOLOGY, chronologyProjection } from './chronology.projection.js';

// Given events → then rows, without the platform: the chronology's lines as the projection writes them.
const h = projectionHarnessPerTest('chronology_projection', [chronologyProjection]);

interface Line {
  pupil_id: string;
  school_id: string;
  kind: string;
  summary: string;
  occurred_at: Date;
  late: boolean;
  concern_id: string | null;
  incident_id: string | null;
  about_adult: boolean;
  about_staff_id: string | null;
  case_manager: string | null;
}
const lines = () => h.rows<Line>(CHRONOLOGY, 'entries', 'position, pupil_id');

const pupil = (pupilId: string, schoolId = 'oakfield') => pupilRegistered(pupilId, { schoolId });
const restraint = (incidentId: string) => incidentRecorded(incidentId, { pupilSen: { sen: false, ehcp: false }, location: 'the hall' });

describe('chronology projection', () => {
  it('writes one line per pupil a concern is about, in each pupil’s school, and none for a pupil it does not know', async () => {
    await h.given('pupil-p1', [pupil('p1')]);
    await h.given('pupil-p2', [pupil('p2', 'riverside')]);
    await h.given('concern-c1', [concernRaised('c1', { pupilIds: ['p1', 'p2', 'unknown'] })]);
    await h.given('concern-c1', [
      { type: 'ConcernAcknowledged', data: { acknowledgedBy: 'dsl', acknowledgedAt: '2026-03-02T09:05:00.000Z' } },
      {
        type: 'ConcernTriaged',
        data: {
          riskLevel: 'medium',
          decision: 'early_help',
          rationale: 'Pattern at home',
          triagedBy: 'dsl',
          triagedAt: '2026-03-02T09:30:00.000Z',
        },
      },
    ]);
    // The acknowledgement is no line of a chronology; the concern and its triage are, for each pupil.
    expect((await lines()).map((l) => [l.pupil_id, l.school_id, l.kind, l.summary, l.concern_id])).toEqual([
      ['p1', 'oakfield', 'concern_raised', 'Came in hungry again', 'c1'],
      ['p2', 'riverside', 'concern_raised', 'Came in hungry again', 'c1'],
      ['p1', 'oakfield', 'concern_triaged', 'Triage: early help (medium risk)', 'c1'],
      ['p2', 'riverside', 'concern_triaged', 'Triage: early help (medium risk)', 'c1'],
    ]);
  });

  it('marks every line of a concern about an adult with the adult and the case manager, so row-level security can hide them from the adult', async () => {
    await h.given('pupil-p1', [pupil('p1')]);
    await h.given('concern-c1', [concernRaised('c1')]);
    await h.given('concern-c2', [
      concernRaised('c2', { summary: 'Shouted at a pupil and grabbed his arm', aboutAdult: { staffId: 'ben' }, routedTo: 'headteacher' }),
    ]);
    await h.given('concern-c2', [
      {
        type: 'ConcernAddendumAdded',
        data: { addendumId: 'a1', text: 'A second witness', addedBy: 'head', addedAt: '2026-03-02T10:00:00.000Z' },
      },
      {
        type: 'LadoReferralRecorded',
        data: {
          referredAt: '2026-03-02T11:00:00.000Z',
          officer: 'LADO',
          reference: null,
          advice: 'Strategy meeting',
          recordedBy: 'head',
          recordedAt: '2026-03-02T11:05:00.000Z',
        },
      },
      {
        type: 'AllegationOutcomeRecorded',
        data: {
          outcome: 'unsubstantiated',
          decidedAt: '2026-03-20T12:00:00.000Z',
          rationale: 'No corroboration',
          recordedBy: 'head',
          recordedAt: '2026-03-20T12:05:00.000Z',
        },
      },
    ]);
    expect((await lines()).map((l) => [l.concern_id, l.kind, l.about_adult, l.about_staff_id, l.case_manager])).toEqual([
      ['c1', 'concern_raised', false, null, null],
      ['c2', 'concern_raised', true, 'ben', 'headteacher'],
      ['c2', 'concern_addendum_added', true, 'ben', 'headteacher'],
      ['c2', 'lado_referral_recorded', true, 'ben', 'headteacher'],
      ['c2', 'allegation_outcome_recorded', true, 'ben', 'headteacher'],
    ]);
  });

  it('names the trust’s safeguarding lead as case manager of a concern about the headteacher, and an unregistered adult by no staff id', async () => {
    await h.given('pupil-p1', [pupil('p1')]);
    await h.given('concern-c1', [concernRaised('c1', { aboutAdult: { staffId: 'head' }, routedTo: 'trust_safeguarding_lead' })]);
    await h.given('concern-c2', [
      concernRaised('c2', { aboutAdult: { name: 'Visiting coach', roleDescription: 'football club' }, routedTo: 'headteacher' }),
    ]);
    expect((await lines()).map((l) => [l.concern_id, l.about_adult, l.about_staff_id, l.case_manager])).toEqual([
      ['c1', true, 'head', 'trust_safeguarding_lead'],
      ['c2', true, null, 'headteacher'],
    ]);
  });

  it('moves a restraint’s line when its start is corrected (late if now recorded on a later day) and adds the correction', async () => {
    await h.given('pupil-p1', [pupil('p1')]);
    await h.given('incident-i1', [restraint('i1')]);
    expect((await lines()).map((l) => [l.kind, l.late, l.incident_id])).toEqual([['incident_recorded', false, 'i1']]);
    await h.given('incident-i1', [
      {
        type: 'IncidentCorrected',
        data: {
          field: 'occurredAt',
          value: '2026-02-27T14:00:00.000Z',
          correctionId: 'k1',
          reason: 'It was Friday',
          correctedBy: 'ada',
          correctedAt: '2026-03-02T10:00:00.000Z',
        },
      },
    ]);
    const [recorded, corrected] = await lines();
    expect(recorded).toMatchObject({
      kind: 'incident_recorded',
      late: true,
      summary: 'physical restraint (risk of injury to others) at the hall, 4 min',
    });
    expect(recorded!.occurred_at.toISOString()).toBe('2026-02-27T14:00:00.000Z');
    expect(corrected).toMatchObject({
      kind: 'incident_corrected',
      summary: 'Corrected occurredAt: It was Friday',
      incident_id: 'i1',
      about_adult: false,
    });
  });
});
