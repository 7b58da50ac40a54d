import { verifyPackage, readPackage, canonicalJson, sha256Hex } from '#lib/cp-transfers';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { canaryOf, seedPupil, seedRecords, seedStaff, type SchoolSeed } from '../security/security-fixtures.js';

/*
 * A child protection file between two schools of different trusts on one platform (Oakfield, demo
 * trust → Elsewhere, another trust), and one to a school elsewhere, through HTTP on PostgreSQL with
 * the fake clock. The pupil left on Monday 2 March 2026: the file is due by Monday 9 March (5 school
 * days), overdue from Tuesday 10 March.
 */
let p: TestPlatform;
let oakfield: SchoolSeed;
let receivingDsl: TestStaff;
let receivingTeacher: TestStaff;
let secondPupilId: string;
let onPlatformId: string;
let elsewhereId: string;

const get = (who: TestStaff, path: string) => p.http('GET', path, { token: who.token });
const post = (who: TestStaff, path: string, body: unknown = {}) => p.http('POST', path, { token: who.token, body });
const dueAlerts = async (who: TestStaff, pupilId: string) => {
  await p.settle();
  const res = await get(who, '/api/alerts');
  expect(res.status).toBe(200);
  return (res.body as { kind: string; subject: { pupilId?: string }; escalationLevel: number; priority: string }[]).filter(
    (a) => a.kind === 'cp_transfer_due' && a.subject.pupilId === pupilId,
  );
};
const fileReads = (pupilId: string) => [
  `/api/concerns/${oakfield.concernId}`,
  `/api/incidents/${oakfield.incidentId}`,
  `/api/pupils/${pupilId}/chronology`,
];

beforeAll(async () => {
  p = await startTestPlatform({ label: 'cp_transfers' });
  const staff = await seedStaff(p, 'oakfield');
  const pupilId = await seedPupil(p, 'oakfield', staff.head);
  secondPupilId = await seedPupil(p, 'oakfield', staff.head);
  receivingDsl = await p.createStaff({ school: 'elsewhere', roles: ['dsl'], jobRole: 'dsl', name: 'Rae Receiver' });
  receivingTeacher = await p.createStaff({ school: 'elsewhere', roles: ['staff'], jobRole: 'teacher' });
  p.clock.advanceMinutes(60);
  oakfield = await seedRecords(p, 'oakfield', staff, pupilId, await p.createTrustUser('trust_safeguarding_lead', 'demo'));
}, 120_000);
afterAll(() => p?.close());

describe('a child protection file to a school of another trust on the platform', () => {
  it('is refused to anyone but the DSL or headteacher of the pupil’s school, and checked', async () => {
    const body = { leftOn: '2026-03-02', destination: { schoolId: p.schools.elsewhere, name: 'Elsewhere' } };
    expect((await post(oakfield.raiser, `/api/pupils/${oakfield.pupilId}/leaving`, body)).status).toBe(403);
    expect((await post(receivingDsl, `/api/pupils/${oakfield.pupilId}/leaving`, body)).status).toBe(404);
    const same = await post(oakfield.dsl, `/api/pupils/${oakfield.pupilId}/leaving`, {
      ...body,
      destination: { schoolId: p.schools.oakfield, name: 'x' },
    });
    expect(same).toMatchObject({ status: 422, body: { rule: 'cp_transfer.same_school' } });
    const bad = await post(oakfield.dsl, `/api/pupils/${oakfield.pupilId}/leaving`, { leftOn: 'soon', destination: {} });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('leftOn');
  });

  it('hides the pupil’s file from the receiving DSL until they confirm receipt', async () => {
    await p.stepUp(receivingDsl);
    for (const path of fileReads(oakfield.pupilId))
      expect({ path, status: (await get(receivingDsl, path)).status }).toEqual({ path, status: 404 });

    const started = await post(oakfield.dsl, `/api/pupils/${oakfield.pupilId}/leaving`, {
      leftOn: '2026-03-02',
      destination: { schoolId: p.schools.elsewhere, name: 'typed name' },
    });
    expect(started.status).toBe(201);
    onPlatformId = started.body.transferId;
    const again = await post(oakfield.head, `/api/pupils/${oakfield.pupilId}/leaving`, {
      leftOn: '2026-03-02',
      destination: { name: 'Other' },
    });
    expect(again).toMatchObject({ status: 422, body: { rule: 'cp_transfer.already_leaving' } });
    await p.settle();

    const incoming = await get(receivingDsl, '/api/cp-transfers?direction=incoming');
    expect(incoming.body).toEqual([
      expect.objectContaining({
        id: onPlatformId,
        pupilId: oakfield.pupilId,
        from: { schoolId: p.schools.oakfield, name: 'Oakfield Primary' },
        to: expect.objectContaining({ schoolId: p.schools.elsewhere, name: 'Elsewhere School' }),
        dueOn: '2026-03-09',
        status: 'awaiting_receipt',
      }),
    ]);
    expect((await get(oakfield.dsl, '/api/cp-transfers?direction=incoming')).body).toEqual([]);
    // The receiving DSL's inbox says a file is on its way.
    const inbox = (await get(receivingDsl, '/api/alerts')).body as { kind: string; subject: { pupilId?: string } }[];
    expect(inbox.filter((a) => a.kind === 'cp_transfer_incoming').map((a) => a.subject.pupilId)).toEqual([oakfield.pupilId]);
    // Announced, not yet received: still nothing of the file.
    for (const path of fileReads(oakfield.pupilId))
      expect({ path, status: (await get(receivingDsl, path)).status }).toEqual({ path, status: 404 });
    // The sender cannot confirm for the receiver, nor can the receiving school's other staff.
    expect(
      await post(oakfield.dsl, `/api/cp-transfers/${onPlatformId}/receipt`, { receivedBy: 'x', receivedAt: '2026-03-03T10:00:00Z' }),
    ).toMatchObject({
      status: 422,
      body: { rule: 'cp_transfer.on_platform' },
    });
    expect((await post(receivingTeacher, `/api/cp-transfers/${onPlatformId}/receipt`)).status).toBe(403);
  });

  it('lets the receiving DSL read the pupil’s concerns, incidents and chronology after receipt, read-only, never a concern about an adult', async () => {
    p.clock.set('2026-03-04T10:00:00Z');
    expect((await post(receivingDsl, `/api/cp-transfers/${onPlatformId}/receipt`)).status).toBe(200);
    expect((await post(receivingDsl, `/api/cp-transfers/${onPlatformId}/receipt`)).body).toMatchObject({
      rule: 'cp_transfer.already_received',
    });
    await p.settle();
    await p.stepUp(receivingDsl);

    const concern = await get(receivingDsl, `/api/concerns/${oakfield.concernId}`);
    expect(concern).toMatchObject({ status: 200, body: { id: oakfield.concernId } });
    expect(JSON.stringify(concern.body)).toContain(canaryOf('oakfield', 'concern'));
    expect(await get(receivingDsl, `/api/incidents/${oakfield.incidentId}`)).toMatchObject({
      status: 200,
      body: { id: oakfield.incidentId },
    });
    const chronology = await get(receivingDsl, `/api/pupils/${oakfield.pupilId}/chronology`);
    expect(chronology.status).toBe(200);
    const refs = (chronology.body as { ref: { concernId?: string; incidentId?: string } }[]).map((l) => l.ref);
    expect(refs).toEqual(expect.arrayContaining([{ concernId: oakfield.concernId }, { incidentId: oakfield.incidentId }]));
    // An allegation stays with the school that employs the adult.
    expect(refs).not.toContainEqual({ concernId: oakfield.adultConcernId });
    expect(refs).not.toContainEqual({ concernId: oakfield.headConcernId });
    expect((await get(receivingDsl, `/api/concerns/${oakfield.adultConcernId}`)).status).toBe(404);
    // Read-only, and only for the receiving school's safeguarding leads.
    expect((await post(receivingDsl, `/api/concerns/${oakfield.concernId}/addenda`, { text: 'new school note' })).status).toBe(403);
    expect(
      (
        await post(receivingDsl, `/api/incidents/${oakfield.incidentId}/debriefs`, {
          kind: 'pupil',
          heldAt: '2026-03-04T09:00:00Z',
          notes: 'x',
        })
      ).status,
    ).toBe(404);
    expect((await get(receivingTeacher, `/api/concerns/${oakfield.concernId}`)).status).toBe(404);
    // Every read was recorded.
    const views = await p.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type = 'RecordViewed' AND metadata->>'actorId' = $1`,
      [receivingDsl.id],
    );
    expect(views.rows[0]!.n).toBeGreaterThanOrEqual(3);
    // The sending school keeps its history.
    expect((await get(oakfield.dsl, `/api/concerns/${oakfield.concernId}`)).status).toBe(200);

    const outgoing = await get(oakfield.dsl, '/api/cp-transfers?direction=outgoing');
    expect(outgoing.body).toEqual([
      expect.objectContaining({ id: onPlatformId, status: 'received', receivedAt: '2026-03-04T10:00:00.000Z' }),
    ]);
  });
});

describe('a child protection file to a school elsewhere', () => {
  it('alerts the sending DSL on the 6th school day without receipt and not before, escalates to the headteacher, and takes the sender’s record of receipt', async () => {
    p.clock.set('2026-03-04T11:00:00Z');
    const started = await post(oakfield.dsl, `/api/pupils/${secondPupilId}/leaving`, {
      leftOn: '2026-03-02',
      destination: { name: 'Hillside Academy', urn: '123456' },
    });
    expect(started.status).toBe(201);
    elsewhereId = started.body.transferId;

    // The 5th school day (Monday 9 March) to its last minute: not yet due.
    p.clock.set('2026-03-09T23:59:59Z');
    expect(await dueAlerts(oakfield.dsl, secondPupilId)).toEqual([]);
    // The 6th school day (Tuesday 10 March): overdue.
    p.clock.set('2026-03-10T00:00:01Z');
    expect(await dueAlerts(oakfield.dsl, secondPupilId)).toEqual([expect.objectContaining({ escalationLevel: 0, priority: 'high' })]);
    // The file received on the platform raised nothing.
    expect(await dueAlerts(oakfield.dsl, oakfield.pupilId)).toEqual([]);
    p.clock.set('2026-03-12T00:00:01Z');
    // Two more school days (Thursday 12 March): escalated to the headteacher, whom the DSL's inbox does not show.
    expect((await dueAlerts(oakfield.head, secondPupilId)).map((a) => [a.escalationLevel, a.priority]).sort()).toEqual([
      [0, 'high'],
      [2, 'critical'],
    ]);
    expect((await dueAlerts(oakfield.dsl, secondPupilId)).map((a) => a.escalationLevel)).toEqual([0]);

    const future = await post(oakfield.dsl, `/api/cp-transfers/${elsewhereId}/receipt`, {
      receivedBy: 'Mo Hill',
      receivedAt: '2026-03-13T09:00:00Z',
    });
    expect(future).toMatchObject({ status: 422, body: { rule: 'cp_transfer.receipt_in_future' } });
    const missing = await post(oakfield.dsl, `/api/cp-transfers/${elsewhereId}/receipt`, { receivedAt: '2026-03-11T09:00:00Z' });
    expect(missing).toMatchObject({ status: 422, body: { rule: 'cp_transfer.received_by_required' } });
    expect((await post(receivingDsl, `/api/cp-transfers/${elsewhereId}/receipt`)).status).toBe(404);
    const recorded = await post(oakfield.dsl, `/api/cp-transfers/${elsewhereId}/receipt`, {
      receivedBy: 'Mo Hill (DSL)',
      receivedAt: '2026-03-11T09:00:00Z',
    });
    expect(recorded.status).toBe(200);
    await p.settle();
    const outgoing = (await get(oakfield.dsl, '/api/cp-transfers?direction=outgoing')).body as { id: string; status: string }[];
    expect(outgoing.find((t) => t.id === elsewhereId)).toMatchObject({
      status: 'received',
      receivedAt: '2026-03-11T09:00:00.000Z',
      to: { name: 'Hillside Academy', urn: '123456' },
    });
  });

  it('exports a signed PDF of the whole file: it parses back, its embedded hash is the attached JSON’s, one changed byte fails verification', async () => {
    await p.stepUp(oakfield.dsl);
    await p.stepUp(receivingDsl);
    expect((await fetchPdf(oakfield.raiser, onPlatformId)).status).toBe(403);
    expect((await fetchPdf(receivingDsl, onPlatformId)).status).toBe(404);
    const res = await fetchPdf(oakfield.dsl, onPlatformId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const read = await readPackage(pdf);
    expect(read.json).not.toBeNull();
    const file = JSON.parse(read.json!);
    expect(read.contentHash).toBe(sha256Hex(canonicalJson(file)));
    expect(res.headers.get('x-content-hash')).toBe(`sha256:${read.contentHash}`);
    expect(file.pupil.id).toBe(oakfield.pupilId);
    expect(file.concerns.map((c: { concernId: string }) => c.concernId)).toEqual([oakfield.concernId]);
    expect(file.restraints.map((r: { incidentId: string }) => r.incidentId)).toEqual([oakfield.incidentId]);
    expect(read.text).toContain(canaryOf('oakfield', 'concern'));
    expect(file.people[oakfield.raiser.id]).toBe(oakfield.raiser.name);
    for (const kept of ['adultConcern', 'headConcern']) expect(`${read.json} ${read.text}`).not.toContain(canaryOf('oakfield', kept));

    const key = await p.http('GET', '/api/cp-transfers/signing-key');
    expect(key.status).toBe(200);
    expect(await verifyPackage(pdf, key.body.publicKeyPem)).toMatchObject({ valid: true, problems: [] });
    // One byte anywhere (here: in the middle of the compressed pages) breaks the signature.
    const changed = Buffer.from(pdf);
    changed[Math.floor(pdf.length / 2)] ^= 0x01;
    expect(await verifyPackage(changed, key.body.publicKeyPem)).toMatchObject({
      valid: false,
      problems: expect.arrayContaining(['the signature does not match']),
    });
    // One byte of the embedded hash: neither the signature nor the hash holds.
    const hashAt = pdf.indexOf(Buffer.from(read.contentHash!));
    expect(hashAt).toBeGreaterThan(0);
    const rehashed = Buffer.from(pdf);
    rehashed[hashAt] = rehashed[hashAt] === 0x30 ? 0x31 : 0x30;
    expect((await verifyPackage(rehashed, key.body.publicKeyPem)).problems).toEqual([
      'the signature does not match',
      'the embedded hash is not the attached file’s',
    ]);

    const viewed = await p.db.pool.query(
      `SELECT 1 FROM events WHERE type = 'RecordViewed' AND data->>'subjectType' = 'cp_transfer_package'`,
    );
    expect(viewed.rowCount).toBe(1);
  });
});

function fetchPdf(who: TestStaff, id: string) {
  return fetch(`${p.baseUrl}/api/cp-transfers/${id}/package`, { headers: { authorization: `Bearer ${who.token}` } });
}

describe('one file on its way at a time', () => {
  it('lets one of two starts at once through (the other is refused), and a new one once the file arrived', async () => {
    const pupilId = await seedPupil(p, 'oakfield', oakfield.head);
    const body = (name: string) => ({ leftOn: '2026-03-02', destination: { name } });
    const starts = await Promise.all([
      post(oakfield.dsl, `/api/pupils/${pupilId}/leaving`, body('Hillside Academy')),
      post(oakfield.head, `/api/pupils/${pupilId}/leaving`, body('Brook School')),
    ]);
    expect(starts.map((s) => s.status).sort()).toEqual([201, expect.any(Number)]);
    const refused = starts.find((s) => s.status !== 201)!;
    expect([409, 422]).toContain(refused.status);
    await p.settle();
    const outgoing = (await get(oakfield.dsl, '/api/cp-transfers?direction=outgoing')).body as { pupilId: string }[];
    expect(outgoing.filter((t) => t.pupilId === pupilId)).toHaveLength(1);

    // The second pupil's file (to Hillside) was received above: the pupil may leave again.
    const again = await post(oakfield.dsl, `/api/pupils/${secondPupilId}/leaving`, body('Brook School'));
    expect(again.status).toBe(201);
    expect(again.body.transferId).not.toBe(elsewhereId);
    const third = await post(oakfield.dsl, `/api/pupils/${secondPupilId}/leaving`, body('Other'));
    expect(third).toMatchObject({ status: 422, body: { rule: 'cp_transfer.already_leaving' } });
  });
});
