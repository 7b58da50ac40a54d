import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { upnCheckLetter } from './upn.js';

let p: TestPlatform;
let head: TestStaff;

beforeAll(async () => {
  p = await startTestPlatform({ label: 'mis-import' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
}, 60_000);
afterAll(async () => p.close());

/** A valid UPN for serial n (LA 093, establishment 2001 — or another — allocated 2016–2020). */
const upn = (n: number, establishment = '2001') => {
  const rest = `093${establishment}${String(16 + (n % 5)).padStart(2, '0')}${String(n).padStart(3, '0')}`;
  return `${upnCheckLetter(rest)}${rest}`;
};

const csvImport = (kind: 'pupils' | 'staff', csv: string, query = 'dryRun=true', token = head.token) =>
  p.http('POST', `/api/imports/${kind}?${query}`, { token, body: csv, headers: { 'content-type': 'text/csv' } });

const pupilCount = async () => (await p.http('GET', '/api/pupils', { token: head.token })).body.length as number;

describe('pupils from a SIMS export', () => {
  // A SIMS "Student List" export: legal and preferred names, DD/MM/YYYY, "Year 4", SEN N/K/E, a quoted comma.
  const header = 'UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Year,SEN Status,Reg Group';
  const good = (n: number) =>
    `${upn(n)},"Pupil, ${n}",Child${n},Kid${n},0${1 + (n % 9)}/0${1 + (n % 9)}/20${16 + (n % 5)},Year ${1 + (n % 6)},${'NKE'[n % 3]},${n % 6}A`;
  const bad: Record<number, [string, string]> = {
    // row number in the file (header is row 1) → [the line, what the dry run must say]
    101: [`,Smith,Ann,,01/02/2017,Year 3,N,3A`, 'UPN missing'],
    202: [`${upn(900, '2002')},Jones,Bob,,31/02/2017,Year 3,N,3A`, 'date of birth "31/02/2017" is not a date'],
    303: [`${upn(5)},Copy,Carl,,05/05/2017,Year 3,N,3A`, `UPN ${upn(5)} is also on row 7`],
    404: [`${upn(901, '2002')},Evans,Dee,,01/02/2017,Year 14,N,3A`, 'year group "Year 14" is not known'],
    505: [`${upn(902, '2002')},Future,Eve,,01/02/2099,Year 2,N,2A`, 'date of birth 2099-02-01 is in the future'],
    606: ['B093200116903,Wrong,Fay,,01/02/2017,Year 3,N,3A', 'UPN B093200116903 has the wrong check letter'],
    707: [`${upn(904, '2002')},,Gus,,01/02/2017,Year 3,X,3A`, 'surname missing; SEN status "X" is not known'],
  };

  const file = () => {
    const lines = [header];
    let n = 0;
    for (let row = 2; row <= 1001; row++) lines.push(bad[row]?.[0] ?? good(n++));
    return `\ufeff${lines.join('\r\n')}\r\n`;
  };

  it('dry run: lists exactly the 7 bad rows with their reasons and stores nothing', async () => {
    // The check-letter row must really carry a wrong letter.
    expect(upnCheckLetter('093200116903')).not.toBe('B');
    const before = await p.eventCount();
    const res = await csvImport('pupils', file());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, create: 993, change: 0, unchanged: 0 });
    expect(res.body.reject.map((r: { row: number }) => r.row)).toEqual([101, 202, 303, 404, 505, 606, 707]);
    for (const rejection of res.body.reject as { row: number; reason: string }[])
      expect(rejection.reason).toContain(bad[rejection.row]![1]);
    expect(res.body.rows).toHaveLength(993);
    expect(res.body.rows[0]).toEqual({ row: 2, action: 'create', key: upn(0), name: 'Child0 Pupil, 0' });
    expect(await p.eventCount()).toBe(before);
  });

  it('imports the 993 good rows as pupils; the same file again creates and changes nothing', async () => {
    const started = Date.now();
    const res = await csvImport('pupils', file(), 'dryRun=false');
    console.log(`[mis-import] 1,000 rows: 993 pupils registered in ${Date.now() - started} ms`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, create: 993, change: 0, unchanged: 0 });
    expect(res.body.reject).toHaveLength(7);
    await p.settle();
    expect(await pupilCount()).toBe(993);
    const pupil = (await p.http('GET', '/api/pupils?search=Child4 Pupil, 4', { token: head.token })).body[0];
    expect(pupil).toMatchObject({ firstName: 'Child4', lastName: 'Pupil, 4', yearGroup: '5', sen: true, ehcp: false });
    const full = await p.http('GET', `/api/pupils/${pupil.id}`, { token: head.token });
    expect(full.body).toMatchObject({ upn: upn(4), dateOfBirth: '2020-05-05' });

    // At once, before anything settles: the import waits for the directory to hold the first one's pupils.
    const events = await p.eventCount();
    const again = await csvImport('pupils', file(), 'dryRun=false');
    expect(again.body).toMatchObject({ create: 0, change: 0, unchanged: 993 });
    expect(await p.eventCount()).toBe(events);
    await p.settle();
    expect(await pupilCount()).toBe(993);
  }, 180_000);

  it("a new year's file: year groups and SEN status change, through events, and nothing else", async () => {
    const lines = [header, ...Array.from({ length: 3 }, (_, n) => good(n).replace(/Year (\d)/, (_m, y) => `Year ${Number(y) + 1}`))];
    lines[1] = lines[1]!.replace(/,N,0A$/, ',E,0A');
    const dry = await csvImport('pupils', lines.join('\n'));
    expect(dry.body).toMatchObject({ create: 0, change: 3, unchanged: 0, reject: [] });
    expect(dry.body.rows[0]).toMatchObject({ row: 2, action: 'change', changes: ['yearGroup', 'sen', 'ehcp'] });
    expect(dry.body.rows[1]).toMatchObject({ row: 3, action: 'change', changes: ['yearGroup'] });
    const done = await csvImport('pupils', lines.join('\n'), 'dryRun=false');
    expect(done.body).toMatchObject({ create: 0, change: 3 });
    await p.settle();
    const pupil = (await p.http('GET', '/api/pupils?search=Child0 Pupil, 0', { token: head.token })).body[0];
    expect(pupil).toMatchObject({ yearGroup: '2', sen: true, ehcp: true });
    expect((await csvImport('pupils', lines.join('\n'), 'dryRun=false')).body).toMatchObject({ change: 0, unchanged: 3 });
    // The changed names and dates of birth are personal data: stored encrypted with the pupil's key.
    const { rows } = await p.db.pool.query<{ data: unknown }>(`SELECT data FROM events WHERE type = 'PupilDetailsChanged'`);
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows)).not.toMatch(/Child[012]|Pupil, [012]|20(16|17|18)-0[1-3]-0[1-3]/);
  }, 60_000);

  it('takes Arbor headers, and an explicit mapping for headers it does not know', async () => {
    const arbor = `UPN,Legal first name,Legal last name,Date of birth,Year group,SEN status\n${upn(950, '2002')},Ola,Arbor,2018-09-01,Year 2,SEN Support\n`;
    expect((await csvImport('pupils', arbor)).body).toMatchObject({ create: 1, reject: [] });
    const own = `Pupil No,Given name,Family name,Born,Form year\n${upn(951, '2002')},Una,Own,01/09/2018,2\n`;
    const unmapped = await csvImport('pupils', own);
    expect(unmapped.status).toBe(400);
    expect(unmapped.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'mapping.upn',
      'mapping.dateOfBirth',
      'mapping.yearGroup',
    ]);
    const mapping = encodeURIComponent(JSON.stringify({ upn: 'Pupil No', dateOfBirth: 'Born', yearGroup: 'Form year' }));
    const mapped = await csvImport('pupils', own, `dryRun=true&mapping=${mapping}`);
    expect(mapped.body).toMatchObject({ create: 1, reject: [], rows: [{ name: 'Una Own' }] });
    const wrong = await csvImport('pupils', own, `mapping=${encodeURIComponent(JSON.stringify({ upn: 'Nope' }))}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'mapping.upn' });
  });

  it('answers 415 to a body that is not text/csv, 400 to a malformed CSV, 403 to a DSL', async () => {
    const json = await p.http('POST', '/api/imports/pupils', { token: head.token, body: { upn: 'x' } });
    expect(json.status).toBe(415);
    const broken = await csvImport('pupils', 'UPN,Legal Surname\n"unterminated,x\n');
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].field).toBe('body');
    const dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
    expect((await csvImport('pupils', file(), 'dryRun=true', dsl.token)).status).toBe(403);
  });

  it('lets a trust admin import into a school of their trust named with ?schoolId=, and no school of another trust', async () => {
    const admin = await p.createTrustUser('trust_admin');
    const csv = `${header}\n${good(960)}\n`;
    expect((await csvImport('pupils', csv, 'dryRun=true', admin.token)).status).toBe(400);
    const res = await csvImport('pupils', csv, `dryRun=false&schoolId=${p.schools.riverside}`, admin.token);
    expect(res.body).toMatchObject({ create: 1 });
    expect((await csvImport('pupils', csv, `schoolId=${p.schools.elsewhere}`, admin.token)).status).toBe(404);
  });
});

describe('staff from an MIS export', () => {
  const header = 'Title,Forename,Surname,Work Email,Job Title,Contracted Hours,Start Date';
  const rows = [
    'Ms,Asha,Patel,asha.patel@oakfield.test,Class Teacher,32.5,01/09/2021',
    'Mr,Ben,Cole,ben.cole@oakfield.test,Teaching Assistant,27.5,01/09/2023',
    'Mrs,Cara,Diaz,cara.diaz@oakfield.test,1:1 Teaching Assistant,30,',
    'Mr,Dan,Ede,DAN.EDE@oakfield.test,HLTA,32.5,02/09/2024',
    'Ms,Eli,Fox,asha.patel@oakfield.test,Site Manager,37,01/09/2020',
    'Mr,Finn,,not-an-email,Teacher,32.5,01/09/2020',
    'Ms,Gail,Hart,gail.hart@oakfield.test,Teacher,72,01/09/2020',
  ];
  const csv = (lines = rows) => [header, ...lines].join('\n');

  it('dry run, import, and the same file again changing nothing', async () => {
    const dry = await csvImport('staff', csv());
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ create: 4, change: 0, unchanged: 0 });
    expect(dry.body.reject).toEqual([
      { row: 6, reason: 'email asha.patel@oakfield.test is also on row 2' },
      { row: 7, reason: 'email "not-an-email" is not an email address' },
      { row: 8, reason: 'contracted hours 72 must be more than 0 and at most 60' },
    ]);
    const done = await csvImport('staff', csv(), 'dryRun=false');
    expect(done.body).toMatchObject({ create: 4, change: 0 });
    expect(done.body.accounts).toHaveLength(4);
    const dan = done.body.accounts.find((a: { email: string }) => a.email === 'dan.ede@oakfield.test');
    // The account works: the new member of staff signs in with the one-time password.
    expect(await p.signIn('dan.ede@oakfield.test', dan.temporaryPassword)).toEqual(expect.any(String));
    const record = await p.http('GET', `/api/staff/${dan.staffId}`, { token: head.token });
    expect(record.body).toMatchObject({
      name: 'Dan Ede',
      jobRole: 'hlta',
      hlta: true,
      roles: ['staff'],
      contractedHoursPerWeek: 32.5,
      startDate: '2024-09-02',
    });

    const events = await p.eventCount();
    const again = await csvImport('staff', csv(), 'dryRun=false');
    expect(again.body).toMatchObject({ create: 0, change: 0, unchanged: 4, accounts: [] });
    expect(await p.eventCount()).toBe(events);
  }, 60_000);

  it('changes hours and job title through events; an email of another school is refused', async () => {
    const other = await p.createStaff({ school: 'riverside', jobRole: 'teacher' });
    const lines = [
      rows[1]!.replace('27.5', '30').replace('Teaching Assistant', 'Cover Supervisor'),
      `Mr,Ivo,Jay,${other.email},Teacher,30,`,
    ];
    const res = await csvImport('staff', csv(lines), 'dryRun=false');
    expect(res.body).toMatchObject({
      create: 0,
      change: 1,
      reject: [{ row: 3, reason: `email ${other.email} is the account of someone at another school` }],
    });
    expect(res.body.rows[0]).toMatchObject({
      action: 'change',
      key: 'ben.cole@oakfield.test',
      changes: ['jobRole', 'contractedHoursPerWeek'],
    });
    await p.settle();
    const list = await p.http('GET', '/api/staff', { token: head.token });
    expect(list.body.find((s: { name: string }) => s.name === 'Ben Cole')).toMatchObject({
      jobRole: 'cover_supervisor',
      contractedHoursPerWeek: 30,
    });
  }, 60_000);
});
