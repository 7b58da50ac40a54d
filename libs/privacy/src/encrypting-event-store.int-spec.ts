import { randomBytes, randomUUID } from 'node:crypto';
import { eventStoreContract, migrate, newEvent, PostgresEventStore } from '#lib/event-store';
import { PERSONAL_DATA } from '#lib/platform';
import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { EncryptingEventStore } from './encrypting-event-store.js';
import { ERASED, UNREADABLE } from './field-cipher.js';
import { PRIVACY_MIGRATIONS, SubjectErasedError, SubjectKeys } from './subject-keys.js';

async function encryptedStore(label: string, masterKey = randomBytes(32)) {
  const db = await createTestDatabase(label);
  await PostgresEventStore.migrate(db.pool);
  await migrate(db.pool, PRIVACY_MIGRATIONS, 'privacy_migrations');
  const keys = new SubjectKeys(db.pool, masterKey);
  return { db, keys, store: new EncryptingEventStore(new PostgresEventStore({ pool: db.pool }), keys, db.pool, PERSONAL_DATA) };
}

describe('event store contract: encrypting decorator over postgres', () => {
  let db: TestDatabase | undefined;
  eventStoreContract({
    name: 'encrypting(postgres)',
    create: async () => {
      const made = await encryptedStore('contract_enc');
      db = made.db;
      return made.store;
    },
    dispose: async () => db?.drop(),
  });
});

describe('crypto-shredding at the store boundary', () => {
  const masterKey = randomBytes(32);
  let made: Awaited<ReturnType<typeof encryptedStore>>;
  beforeEach(async () => {
    made = await encryptedStore('enc_store', masterKey);
  });
  afterEach(async () => made.db.drop());

  const pupilId = () => randomUUID();
  const registered = (id: string, firstName: string) =>
    newEvent('PupilRegistered', {
      pupilId: id,
      firstName,
      lastName: 'Lastname',
      dateOfBirth: '2016-05-14',
      yearGroup: '4',
      upn: null,
      sen: false,
      ehcp: false,
      schoolId: 'oakfield',
      registeredAt: '2026-03-02T09:00:00.000Z',
    });
  const rawData = async (streamId: string) =>
    (
      await made.db.pool.query<{ data: unknown }>('SELECT data FROM events WHERE stream_id = $1 ORDER BY stream_version', [streamId])
    ).rows.map((r) => r.data);

  it('stores ciphertext, reads plaintext, and keys later events of a stream to its first subject', async () => {
    const pupil = pupilId();
    const concern = `concern-${randomUUID()}`;
    await made.store.appendToStream(`pupil-${pupil}`, [registered(pupil, 'Zebedee')], { expectedVersion: 'no_stream' });
    await made.store.appendToStream(
      concern,
      [
        newEvent('ConcernRaised', {
          pupilIds: [pupil],
          summary: 'Zebedee bruise',
          details: 'said Zebedee',
          bodyMap: [{ region: 'arm', note: 'left' }],
          aboutAdult: null,
        }),
      ],
      { expectedVersion: 'no_stream' },
    );
    await made.store.appendToStream(concern, [newEvent('ConcernTriaged', { rationale: 'Zebedee again', riskLevel: 'high' })], {
      expectedVersion: 0,
    });

    const stored = JSON.stringify([...(await rawData(`pupil-${pupil}`)), ...(await rawData(concern))]);
    expect(stored).not.toContain('Zebedee');
    expect(stored).toContain('"yearGroup":"4"');
    const raw = (await rawData(concern)) as { rationale: { s: string } }[];
    expect(raw[1]!.rationale.s).toBe(pupil);

    const read = await made.store.readStream(concern);
    expect(read.map((e) => e.data)).toEqual([
      expect.objectContaining({ summary: 'Zebedee bruise', details: 'said Zebedee', bodyMap: [{ region: 'arm', note: 'left' }] }),
      { rationale: 'Zebedee again', riskLevel: 'high' },
    ]);
    expect((await made.store.readStream(`pupil-${pupil}`))[0]!.data).toMatchObject({ firstName: 'Zebedee', dateOfBirth: '2016-05-14' });
    expect((await made.store.verify()).ok).toBe(true);
  });

  it('keeps data keys wrapped by the master key: not the key itself, and useless under another master key', async () => {
    const pupil = pupilId();
    await made.store.appendToStream(`pupil-${pupil}`, [registered(pupil, 'Wrapped')], { expectedVersion: 'no_stream' });
    const { rows } = await made.db.pool.query<{ wrapped_key: Buffer }>('SELECT wrapped_key FROM subject_keys WHERE subject_id = $1', [
      pupil,
    ]);
    expect(rows[0]!.wrapped_key).toHaveLength(12 + 16 + 32);
    const key = await made.keys.keyFor(pupil);
    expect(rows[0]!.wrapped_key.includes(key)).toBe(false);

    const otherMaster = new SubjectKeys(made.db.pool, randomBytes(32));
    await expect(otherMaster.lookup([pupil])).rejects.toThrow(/MASTER_KEY/);
    // A wrapped key moved onto another subject's row does not unwrap either.
    const other = pupilId();
    await made.db.pool.query('INSERT INTO subject_keys (subject_id, wrapped_key) VALUES ($1, $2)', [other, rows[0]!.wrapped_key]);
    await expect(new SubjectKeys(made.db.pool, masterKey).lookup([other])).rejects.toThrow(/does not unwrap/);
  });

  it('after erasure reads show "[erased]", hashes still verify, and nothing more is written about the subject', async () => {
    const pupil = pupilId();
    const keep = pupilId();
    await made.store.appendToStream(`pupil-${pupil}`, [registered(pupil, 'Forgotten')], { expectedVersion: 'no_stream' });
    await made.store.appendToStream(`pupil-${keep}`, [registered(keep, 'Kept')], { expectedVersion: 'no_stream' });
    await made.keys.erase(pupil, new Date());

    const [erased] = await made.store.readStream(`pupil-${pupil}`);
    expect(erased!.data).toMatchObject({
      pupilId: pupil,
      firstName: ERASED,
      lastName: ERASED,
      dateOfBirth: ERASED,
      upn: null,
      yearGroup: '4',
    });
    // A fresh store (another process, cold cache) sees the same.
    const cold = new EncryptingEventStore(
      new PostgresEventStore({ pool: made.db.pool }),
      new SubjectKeys(made.db.pool, masterKey),
      made.db.pool,
      PERSONAL_DATA,
    );
    expect((await cold.readStream(`pupil-${pupil}`))[0]!.data).toMatchObject({ firstName: ERASED });
    expect((await cold.readStream(`pupil-${keep}`))[0]!.data).toMatchObject({ firstName: 'Kept' });
    const { rows } = await made.db.pool.query('SELECT wrapped_key, erased_at FROM subject_keys WHERE subject_id = $1', [pupil]);
    expect(rows[0]).toMatchObject({ wrapped_key: null, erased_at: expect.any(Date) });

    expect(await made.store.verify()).toMatchObject({ ok: true });
    await expect(
      made.store.appendToStream(`pupil-${pupil}`, [newEvent('PupilRegistered', { pupilId: pupil, firstName: 'Again' })], {
        expectedVersion: 0,
      }),
    ).rejects.toBeInstanceOf(SubjectErasedError);
  });

  it('a tampered ciphertext reads as "[unreadable]" and verify() names its position', async () => {
    const pupil = pupilId();
    await made.store.appendToStream(`pupil-${pupil}`, [registered(pupil, 'Tampered')], { expectedVersion: 'no_stream' });
    const admin = await made.db.admin();
    let position: string;
    try {
      await admin.query('ALTER TABLE events DISABLE TRIGGER USER');
      const { rows } = await admin.query<{ p: string; ct: string }>(
        `SELECT global_position::text AS p, data->'firstName'->>'ct' AS ct FROM events WHERE stream_id = $1`,
        [`pupil-${pupil}`],
      );
      position = rows[0]!.p;
      const altered = Buffer.from(rows[0]!.ct, 'base64');
      altered[0]! ^= 0x55;
      await admin.query(`UPDATE events SET data = jsonb_set(data, '{firstName,ct}', to_jsonb($2::text)) WHERE global_position = $1`, [
        position,
        altered.toString('base64'),
      ]);
      await admin.query('ALTER TABLE events ENABLE TRIGGER USER');
    } finally {
      await admin.end();
    }
    const [read] = await made.store.readStream(`pupil-${pupil}`);
    expect(read!.data).toMatchObject({ firstName: UNREADABLE, lastName: 'Lastname' });
    expect(await made.store.verify()).toMatchObject({ ok: false, firstBrokenPosition: position });
  });
});
