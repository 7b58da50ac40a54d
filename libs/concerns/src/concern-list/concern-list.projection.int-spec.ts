import type { DataSource } from 'typeorm';
import type { Actor, Role } from '#lib/kernel';
import { inGeneration, readerOf, readModelDataSource, schemaName } from '#lib/read-models';
import { concernRaised, projectionHarnessPerTest } from '#lib/testing';
import { concernAccess } from '../concern-access.js';
import { CONCERN_LIST, concernListProjection } from './concern-list.projection.js';
import { concernPage } from './concern-list.queries.js';

// Given events → then rows, without the platform: the list's rows as the projection writes them.
const h = projectionHarnessPerTest('concern_list_projection', [concernListProjection]);

interface Row {
  concern_id: string;
  school_id: string;
  version: number;
  raised_at: Date;
  status: string;
  summary: string;
  pupil_ids: string[];
  raised_by: string;
  about_staff_id: string | null;
  case_manager: string | null;
  acknowledged_at: string | null;
  risk_level: string | null;
  decision: string | null;
  open_action_ids: string[];
  unanswered_referral_ids: string[];
  closed_at: string | null;
  lado_referred_at: string | null;
  allegation_outcome: string | null;
}
const rows = () => h.rows<Row>(CONCERN_LIST, 'concerns', 'raised_at, concern_id');
const AT = '2026-03-02T10:00:00.000Z';

const triaged = {
  type: 'ConcernTriaged',
  data: { riskLevel: 'medium', decision: 'monitor', rationale: 'Pattern at home', triagedBy: 'dsl', triagedAt: AT },
} as const;
const closed = {
  type: 'ConcernClosed',
  data: {
    outcome: 'Monitored',
    reasonCode: 'no_further_action',
    rationale: 'Fed at breakfast club',
    closedBy: 'dsl',
    closedAt: AT,
    override: null,
  },
} as const;

describe('concern list projection', () => {
  it('keeps each concern where it has got to, with the stream’s version, in the school it was raised in', async () => {
    await h.given('concern-c1', [concernRaised('c1', { pupilIds: ['p1', 'p2'] })]);
    expect(await rows()).toEqual([
      expect.objectContaining({
        concern_id: 'c1',
        school_id: 'oakfield',
        version: 0,
        raised_at: new Date('2026-03-02T09:00:00.000Z'),
        status: 'open',
        summary: 'Came in hungry again',
        pupil_ids: ['p1', 'p2'],
        raised_by: 'ada',
        about_staff_id: null,
        case_manager: null,
        open_action_ids: [],
        closed_at: null,
      }),
    ]);
    await h.given('concern-c1', [
      triaged,
      // Acknowledged after the triage: it stays triaged.
      { type: 'ConcernAcknowledged', data: { acknowledgedBy: 'dsl', acknowledgedAt: AT } },
      {
        type: 'ConcernActionAssigned',
        data: { actionId: 'a1', description: 'Call mum', assigneeId: 'dsl', dueOn: '2026-03-04', assignedBy: 'dsl', assignedAt: AT },
      },
      {
        type: 'ConcernActionAssigned',
        data: { actionId: 'a2', description: 'Breakfast club', assigneeId: 'dsl', dueOn: '2026-03-04', assignedBy: 'dsl', assignedAt: AT },
      },
      { type: 'ConcernActionCompleted', data: { actionId: 'a1', note: 'Spoke to mum', completedBy: 'dsl', completedAt: AT } },
      {
        type: 'ReferralMade',
        data: { referralId: 'r1', agency: 'early_help', referredAt: AT, reference: null, contact: null, recordedBy: 'dsl', recordedAt: AT },
      },
      { type: 'ConcernAddendumAdded', data: { addendumId: 'd1', text: 'She said more', addedBy: 'ada', addedAt: AT } },
    ]);
    expect(await rows()).toEqual([
      expect.objectContaining({
        version: 7,
        status: 'triaged',
        acknowledged_at: AT,
        risk_level: 'medium',
        decision: 'monitor',
        open_action_ids: ['a2'],
        unanswered_referral_ids: ['r1'],
      }),
    ]);
  });

  it('closes and reopens (triaged again), and counts a referral answered', async () => {
    await h.given('concern-c1', [
      concernRaised('c1'),
      triaged,
      {
        type: 'ReferralMade',
        data: { referralId: 'r1', agency: 'early_help', referredAt: AT, reference: null, contact: null, recordedBy: 'dsl', recordedAt: AT },
      },
      {
        type: 'ReferralResponseRecorded',
        data: {
          referralId: 'r1',
          agency: 'early_help',
          outcome: 'no_further_action',
          receivedAt: AT,
          note: '',
          recordedBy: 'dsl',
          recordedAt: AT,
        },
      },
      closed,
    ]);
    expect(await rows()).toEqual([expect.objectContaining({ status: 'closed', closed_at: AT, unanswered_referral_ids: [], version: 4 })]);
    await h.given('concern-c1', [{ type: 'ConcernReopened', data: { reason: 'New disclosure', reopenedBy: 'dsl', reopenedAt: AT } }]);
    expect(await rows()).toEqual([expect.objectContaining({ status: 'triaged', closed_at: null, version: 5 })]);
  });

  it('marks a concern about an adult with the adult and the case manager, and keeps the LADO steps', async () => {
    await h.given('concern-c2', [concernRaised('c2', { aboutAdult: { staffId: 'ben', name: 'Ben' }, routedTo: 'headteacher' })]);
    await h.given('concern-c2', [
      {
        type: 'LadoReferralRecorded',
        data: {
          referredAt: '2026-03-02T11:00:00+00:00',
          officer: 'LADO',
          reference: null,
          advice: 'Investigate',
          recordedBy: 'head',
          recordedAt: AT,
        },
      },
      {
        type: 'AllegationOutcomeRecorded',
        data: { outcome: 'unfounded', decidedAt: AT, rationale: 'No evidence', recordedBy: 'head', recordedAt: AT },
      },
    ]);
    expect(await rows()).toEqual([
      expect.objectContaining({
        about_staff_id: 'ben',
        case_manager: 'headteacher',
        lado_referred_at: '2026-03-02T11:00:00+00:00',
        allegation_outcome: 'unfounded',
        version: 2,
      }),
    ]);
  });

  it('ignores later events of a concern it does not hold, and a concern raised outside a school', async () => {
    await h.given('concern-c9', [triaged]);
    await h.given('concern-c8', [concernRaised('c8')], { schoolId: null });
    expect(await rows()).toEqual([]);
  });

  describe('who reads which rows', () => {
    let readers: DataSource;
    beforeEach(async () => {
      readers = await readModelDataSource([concernListProjection], { databaseUrl: h.db.url, poolSize: 2 }).initialize();
      await h.given('concern-pupil', [concernRaised('pupil', { raisedBy: 'ada', raisedAt: '2026-03-02T09:00:00.000Z' })]);
      await h.given('concern-mine', [concernRaised('mine', { raisedBy: 'cal', raisedAt: '2026-03-02T09:01:00.000Z' })]);
      await h.given('concern-about-ben', [
        concernRaised('about-ben', {
          raisedBy: 'ada',
          aboutAdult: { staffId: 'ben' },
          routedTo: 'headteacher',
          raisedAt: '2026-03-02T09:02:00.000Z',
        }),
      ]);
      await h.given('concern-ben-self', [
        concernRaised('ben-self', {
          raisedBy: 'ben',
          aboutAdult: { staffId: 'ben' },
          selfReport: true,
          routedTo: 'headteacher',
          raisedAt: '2026-03-02T09:03:00.000Z',
        }),
      ]);
      await h.given('concern-about-head', [
        concernRaised('about-head', {
          raisedBy: 'ada',
          aboutAdult: { staffId: 'hana' },
          routedTo: 'trust_safeguarding_lead',
          raisedAt: '2026-03-02T09:04:00.000Z',
        }),
      ]);
      await h.given('concern-elsewhere', [concernRaised('elsewhere', { raisedBy: 'ada', raisedAt: '2026-03-02T09:05:00.000Z' })], {
        schoolId: 'riverside',
      });
    });
    afterEach(() => readers.destroy());

    const actor = (staffId: string, roles: Role[], schoolId: string | null = 'oakfield'): Actor => ({
      staffId,
      name: staffId,
      roles,
      schoolId,
      trustId: 'demo-trust',
    });
    const schema = schemaName(CONCERN_LIST, 1);
    const scope = (a: Actor, schoolIds: string[]) => ({ schoolIds, trustId: a.trustId, reader: readerOf(a) });
    const all = (a: Actor) =>
      inGeneration(
        readers,
        schema,
        (db) => db.query<{ concern_id: string }[]>('SELECT concern_id FROM concerns ORDER BY raised_at'),
        scope(a, ['oakfield']),
      );

    it('row-level security: the adult never sees a concern about them unless they raised it; one about an adult only its case manager and its raiser', async () => {
      const ids = async (a: Actor) => (await all(a)).map((r) => r.concern_id);
      expect(await ids(actor('ben', ['staff']))).toEqual(['pupil', 'mine', 'ben-self']);
      expect(await ids(actor('ada', ['staff']))).toEqual(['pupil', 'mine', 'about-ben', 'about-head']);
      expect(await ids(actor('hana', ['headteacher']))).toEqual(['pupil', 'mine', 'about-ben', 'ben-self']);
      expect(await ids(actor('aud', ['trust_auditor'], null))).toEqual(['pupil', 'mine', 'about-ben', 'ben-self', 'about-head']);
    });

    it('the list’s query keeps exactly the rows concernAccess lets the actor read, newest first, a page at a time', async () => {
      const actors = [
        actor('ada', ['staff']),
        actor('ben', ['staff']),
        actor('cal', ['dsl']),
        actor('dee', ['deputy_dsl']),
        actor('hana', ['headteacher']),
        actor('aud', ['trust_auditor'], null),
        actor('tsl', ['trust_safeguarding_lead'], null),
        actor('adm', ['trust_admin'], null),
      ];
      const everything = await inGeneration(
        readers,
        schema,
        (db) => concernPage(db, actor('x', ['trust_auditor'], null), ['oakfield', 'riverside'], null, 100),
        'platform-job',
      );
      expect(everything).toHaveLength(6);
      for (const a of actors) {
        const schoolIds = a.schoolId === null ? ['oakfield', 'riverside'] : [a.schoolId];
        const expected = everything
          .filter(
            (r) =>
              schoolIds.includes(r.schoolId) &&
              concernAccess(a, r, { schoolId: r.schoolId, inActorsTrust: a.schoolId === null }) !== 'none',
          )
          .map((r) => r.concernId);
        const read = (after: { raisedAt: string; concernId: string } | null, limit: number) =>
          inGeneration(readers, schema, (db) => concernPage(db, a, schoolIds, after, limit), scope(a, schoolIds));
        expect([a.staffId, (await read(null, 100)).map((r) => r.concernId)]).toEqual([a.staffId, expected]);
        // Two at a time, each page after the last row of the one before.
        const paged: string[] = [];
        for (let after = null as { raisedAt: string; concernId: string } | null; ;) {
          const page = await read(after, 2);
          paged.push(...page.map((r) => r.concernId));
          if (page.length < 2) break;
          after = { raisedAt: page[1]!.raisedAt.toISOString(), concernId: page[1]!.concernId };
        }
        expect([a.staffId, paged]).toEqual([a.staffId, expected]);
      }
    });
  });
});
