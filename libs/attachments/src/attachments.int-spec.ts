/**
 * Attachments through HTTP on real PostgreSQL: the round trip (a PDF byte for byte, photos pixel for
 * pixel without their GPS position), the type read from the bytes (415), the size limit (413), the
 * count limit (422), who may read them, that no run of a file's bytes is anywhere in the database
 * (they are stored encrypted), and that erasing the pupil takes them away (404).
 */
import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let head: TestStaff;
let dsl: TestStaff;
let ta: TestStaff;
let teacher: TestStaff;
let lba: TestStaff;
let otherDsl: TestStaff;
let auditor: TestStaff;
let pupilId: string;
let concernId: string;

const ok = <T>(res: { status: number; body: T }, status = 200): T => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

async function upload(path: string, token: string, bytes: Buffer, fileName: string, type = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  const res = await fetch(`${p.baseUrl}/api/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function download(id: string, token: string) {
  const res = await fetch(`${p.baseUrl}/api/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A test card of distinct pixels, carrying a GPS position and the camera in its EXIF as a phone writes them. */
async function photo(format: 'jpeg' | 'png'): Promise<{ bytes: Buffer; pixels: Buffer }> {
  const raw = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37 + (i >> 7)) % 256;
  const image = sharp(raw, { raw: { width: 64, height: 48, channels: 3 } });
  const bytes = await (format === 'jpeg' ? image.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }) : image.png())
    .withExif({
      IFD0: { Make: 'CanaryPhone', Model: 'Model 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 2646/100', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 3996/100' },
    })
    .toBuffer();
  return { bytes, pixels: await sharp(bytes).raw().toBuffer() };
}

const GPS_IFD_TAG = [Buffer.from([0x88, 0x25]), Buffer.from([0x25, 0x88])];

/** A PDF whose body is random bytes: any run of them found in the database would be the file itself. */
function pdfWithRandomBody(size: number): Buffer {
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 0 >>\nstream\n', 'latin1'),
    randomBytes(size),
    Buffer.from('\nendstream\nendobj\n%%EOF\n'),
  ]);
}

/** Every row of every table of every schema but PostgreSQL's own, as text (bytea as hex, jsonb as JSON). */
async function databaseAsText(): Promise<string> {
  const { rows: tables } = await p.db.pool.query<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const { s, t } of tables) {
    const { rows } = await p.db.pool.query<{ row: string }>(`SELECT r::text AS row FROM "${s}"."${t}" r`);
    for (const r of rows) parts.push(r.row);
  }
  return parts.join('\n');
}

beforeAll(async () => {
  p = await startTestPlatform({ label: 'attachments' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
  teacher = await p.createStaff({ school: 'oakfield', jobRole: 'teacher' });
  lba = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant' });
  otherDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
  auditor = await p.createTrustUser('trust_auditor');
  pupilId = ok(
    await p.http('POST', '/api/pupils', {
      token: head.token,
      body: { firstName: 'Ada', lastName: 'Attached', dateOfBirth: '2016-05-14', yearGroup: '4', sen: false, ehcp: false },
    }),
    201,
  ).id;
  concernId = ok(
    await p.http('POST', '/api/concerns', {
      token: ta.token,
      body: {
        pupilIds: [pupilId],
        categories: ['physical_abuse'],
        summary: 'Bruise on the arm',
        details: 'Noticed at break.',
        occurredAt: '2026-03-02T08:30:00Z',
        urgency: 'urgent',
        informedDslVerbally: true,
      },
    }),
    201,
  ).id;
}, 120_000);
afterAll(async () => p.close());

describe('a photo of a bruise', () => {
  it.each(['png', 'jpeg'] as const)('comes back as the same picture without its EXIF or GPS position (%s)', async (format) => {
    const original = await photo(format);
    expect((await sharp(original.bytes).metadata()).exif).toBeDefined();
    const added = ok(
      await upload(`concerns/${concernId}/attachments`, dsl.token, original.bytes, `bruise.${format === 'png' ? 'png' : 'jpg'}`),
      201,
    );
    expect(added).toMatchObject({
      id: expect.any(String),
      contentType: `image/${format}`,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const got = await download(added.id, dsl.token);
    expect(got).toMatchObject({ status: 200, type: `image/${format}` });
    expect(got.bytes.length).toBe(added.size);
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(added.sha256);
    const meta = await sharp(got.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(got.bytes.includes(Buffer.from('CanaryPhone'))).toBe(false);
    for (const tag of GPS_IFD_TAG) expect(meta.exif?.includes(tag) ?? false).toBe(false);
    expect([meta.width, meta.height]).toEqual([64, 48]);

    const pixels = await sharp(got.bytes).raw().toBuffer();
    expect(pixels.length).toBe(original.pixels.length);
    if (format === 'png') {
      expect(pixels.equals(original.pixels)).toBe(true);
    } else {
      // A JPEG cannot be re-encoded without loss: the same picture, within a level or two per channel.
      let worst = 0;
      let total = 0;
      for (let i = 0; i < pixels.length; i++) {
        const d = Math.abs(pixels[i]! - original.pixels[i]!);
        worst = Math.max(worst, d);
        total += d;
      }
      expect(total / pixels.length).toBeLessThan(1.5);
      expect(worst).toBeLessThan(24);
    }
  });
});

describe('a letter (PDF)', () => {
  let letter: Buffer;
  let letterId: string;

  beforeAll(async () => {
    letter = pdfWithRandomBody(8 * 1024);
    letterId = ok(
      await upload(`concerns/${concernId}/attachments`, dsl.token, letter, 'Letter from Ada Attached social worker.pdf'),
      201,
    ).id;
  });

  it('comes back byte for byte, and the download is recorded as a view of the concern', async () => {
    const got = await download(letterId, dsl.token);
    expect(got).toMatchObject({ status: 200, type: 'application/pdf' });
    expect(got.bytes.equals(letter)).toBe(true);
    const views = ok(await p.http('GET', `/api/audit/views?subject=${concernId}`, { token: dsl.token }));
    expect(views).toContainEqual(expect.objectContaining({ subjectType: 'attachment', attachmentId: letterId, viewerId: dsl.id }));
  });

  it('is listed on the concern, with its name', async () => {
    const listed = ok(await p.http('GET', `/api/concerns/${concernId}/attachments`, { token: dsl.token }));
    expect(listed).toContainEqual(
      expect.objectContaining({
        id: letterId,
        contentType: 'application/pdf',
        fileName: 'Letter from Ada Attached social worker.pdf',
        addedBy: dsl.id,
      }),
    );
  });

  it('the same bytes again are the same attachment', async () => {
    const again = ok(await upload(`concerns/${concernId}/attachments`, dsl.token, letter, 'copy.pdf'), 201);
    expect(again.id).toBe(letterId);
  });

  it('leaves no 32-byte run of the file anywhere in the database: raw, hex or base64 (it is stored encrypted)', async () => {
    const text = await databaseAsText();
    const lower = text.toLowerCase();
    const body = letter.subarray(60, letter.length - 30);
    let checked = 0;
    for (let at = 0; at + 32 <= body.length; at += 32) {
      const run = body.subarray(at, at + 32);
      expect(lower.includes(run.toString('hex'))).toBe(false);
      expect(text.includes(run.toString('latin1'))).toBe(false);
      // base64 depends on where the run starts in its 3-byte groups: try each.
      for (let shift = 0; shift < 3; shift++) expect(text.includes(run.subarray(shift, shift + 27).toString('base64'))).toBe(false);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(200);
    // The check can find what it looks for: the ciphertext itself is there, as hex.
    const { rows } = await p.db.pool.query<{ sealed: Buffer }>('SELECT sealed FROM attachment_blobs LIMIT 1');
    expect(lower.includes(rows[0]!.sealed.subarray(40, 72).toString('hex'))).toBe(true);
    // Nor is the file name readable in the events.
    expect(text.includes('Letter from Ada Attached')).toBe(false);
  });
});

describe('what is refused', () => {
  it('an executable renamed .jpg → 415, nothing stored', async () => {
    const before = await p.eventCount();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(4096)]);
    const res = await upload(`concerns/${concernId}/attachments`, dsl.token, elf, 'holiday.jpg', 'image/jpeg');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ status: 415, type: expect.any(String), detail: expect.stringContaining('x-elf') });
    const pe = Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(58),
      Buffer.from([0x80, 0, 0, 0]),
      Buffer.alloc(64),
      Buffer.from('PE\0\0'),
      randomBytes(512),
    ]);
    expect((await upload(`concerns/${concernId}/attachments`, dsl.token, pe, 'photo.jpg', 'image/jpeg')).status).toBe(415);
    expect(await p.eventCount()).toBe(before);
  });

  it('21 MB → 413, nothing stored', async () => {
    const before = await p.eventCount();
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(21 * 1024 * 1024, 0x20)]);
    const res = await upload(`concerns/${concernId}/attachments`, dsl.token, big, 'big.pdf');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ status: 413 });
    expect(await p.eventCount()).toBe(before);
  });

  it('no file → 400 naming the field', async () => {
    const res = await fetch(`${p.baseUrl}/api/concerns/${concernId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${dsl.token}` },
      body: new FormData(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ field: 'file' }] });
  });

  it('the eleventh file on a record → 422', async () => {
    const incidentId = ok(
      await p.http('POST', '/api/incidents', {
        token: lba.token,
        body: {
          pupilId,
          occurredAt: '2026-03-02T08:40:00Z',
          endedAt: '2026-03-02T08:44:00Z',
          location: 'Corridor',
          staffInvolved: [{ staffId: lba.id, holds: ['single_elbow'] }],
          antecedents: 'Ran at another pupil',
          deEscalation: ['verbal_advice'],
          forceType: 'restrictive_hold',
          reason: 'risk_of_injury_to_others',
          pupilInjury: 'none',
          staffInjury: 'none',
          aftercare: 'Water and quiet time',
        },
      }),
      201,
    ).id;
    for (let i = 0; i < 10; i++) ok(await upload(`incidents/${incidentId}/attachments`, lba.token, pdfWithRandomBody(64), `${i}.pdf`), 201);
    const eleventh = await upload(`incidents/${incidentId}/attachments`, lba.token, pdfWithRandomBody(64), '10.pdf');
    expect(eleventh.status).toBe(422);
    expect(eleventh.body).toMatchObject({ rule: 'attachment.too_many' });
    expect(ok(await p.http('GET', `/api/incidents/${incidentId}/attachments`, { token: dsl.token }))).toHaveLength(10);
    // Staff not involved in the incident do not know it exists.
    expect((await p.http('GET', `/api/incidents/${incidentId}/attachments`, { token: teacher.token })).status).toBe(404);
  });
});

describe('who may read them', () => {
  let dslFile: string;
  let raiserFile: string;

  beforeAll(async () => {
    dslFile = ok(await upload(`concerns/${concernId}/attachments`, dsl.token, pdfWithRandomBody(100), 'dsl-notes.pdf'), 201).id;
    raiserFile = ok(await upload(`concerns/${concernId}/attachments`, ta.token, pdfWithRandomBody(100), 'ta-photo.pdf'), 201).id;
  });

  it('the raiser reads what they attached, never what the DSL added', async () => {
    expect((await download(raiserFile, ta.token)).status).toBe(200);
    expect((await download(dslFile, ta.token)).status).toBe(404);
    const listed = ok(await p.http<{ id: string }[]>('GET', `/api/concerns/${concernId}/attachments`, { token: ta.token }));
    expect(listed.map((a) => a.id)).toEqual([raiserFile]);
  });

  it('other staff, another school’s DSL: 404; the trust auditor reads but cannot add', async () => {
    for (const who of [teacher, otherDsl]) {
      expect((await download(dslFile, who.token)).status).toBe(404);
      expect((await p.http('GET', `/api/concerns/${concernId}/attachments`, { token: who.token })).status).toBe(404);
      expect((await upload(`concerns/${concernId}/attachments`, who.token, pdfWithRandomBody(10), 'x.pdf')).status).toBe(404);
    }
    expect((await download(dslFile, auditor.token)).status).toBe(200);
    expect([403, 404]).toContain((await upload(`concerns/${concernId}/attachments`, auditor.token, pdfWithRandomBody(10), 'x.pdf')).status);
  });

  it('the adult a concern is about never gets its attachments', async () => {
    const adult = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
    const aboutAdult = ok(
      await p.http('POST', '/api/concerns', {
        token: teacher.token,
        body: {
          pupilIds: [],
          aboutAdult: { staffId: adult.id },
          categories: ['physical_abuse'],
          summary: 'Grabbed a pupil',
          details: 'Seen in the hall.',
          occurredAt: '2026-03-02T08:30:00Z',
          urgency: 'urgent',
          informedDslVerbally: false,
        },
      }),
      201,
    ).id;
    const file = ok(await upload(`concerns/${aboutAdult}/attachments`, head.token, pdfWithRandomBody(100), 'statement.pdf'), 201).id;
    expect((await download(file, head.token)).status).toBe(200);
    expect((await download(file, adult.token)).status).toBe(404);
    expect((await download(file, dsl.token)).status).toBe(404);
    expect((await p.http('GET', `/api/concerns/${aboutAdult}/attachments`, { token: adult.token })).status).toBe(404);
  });
});

describe("after the pupil's erasure", () => {
  it('the download is gone (404) and nothing is listed', async () => {
    const file = ok(await upload(`concerns/${concernId}/attachments`, dsl.token, pdfWithRandomBody(256), 'before-erasure.pdf'), 201).id;
    expect((await download(file, dsl.token)).status).toBe(200);
    ok(await p.http('POST', `/api/pupils/${pupilId}/erase`, { token: head.token, body: { reason: 'Retention period ended' } }));
    expect((await download(file, dsl.token)).status).toBe(404);
    expect((await download(file, head.token)).status).toBe(404);
    expect(ok(await p.http('GET', `/api/concerns/${concernId}/attachments`, { token: dsl.token }))).toEqual([]);
  }, 120_000);
});
