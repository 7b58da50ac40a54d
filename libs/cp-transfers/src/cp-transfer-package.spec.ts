import { randomBytes } from 'node:crypto';
import {
  canonicalJson,
  contentHashOf,
  PACKAGE_ATTACHMENT,
  readPackage,
  renderPackage,
  verifyPackage,
  type ChildProtectionFile,
} from './cp-transfer-package.js';
import { signingKeyFromSeed, type PackageSigner } from './package-signing.js';
import { sign } from 'node:crypto';

function signer(seed = randomBytes(32)): PackageSigner {
  const { privateKey, publicKey } = signingKeyFromSeed(seed);
  return { sign: (bytes) => sign(null, bytes, privateKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const file: ChildProtectionFile = {
  format: 'child-protection-file/1',
  transfer: {
    id: 't-1',
    from: { schoolId: 's-1', name: 'Oakfield Primary' },
    to: { schoolId: null, name: 'Hillside Academy', urn: '123456' },
    leftOn: '2026-03-02',
    dueOn: '2026-03-09',
  },
  pupil: { id: 'p-1', firstName: 'Ava', lastName: 'Brown', dateOfBirth: '2016-05-04', yearGroup: '4', upn: null },
  generatedAt: '2026-03-03T10:00:00.000Z',
  generatedBy: { staffId: 'dsl-1', name: 'Dana Lead' },
  chronology: [
    {
      occurredAt: '2026-02-10T09:00:00.000Z',
      recordedAt: '2026-02-10T09:30:00.000Z',
      late: false,
      kind: 'concern_raised',
      summary: 'Concern raised: neglect — “hungry” ✓',
    },
  ],
  concerns: [{ concernId: 'c-1', summary: 'Came in hungry', triage: { decision: 'monitor' }, referrals: [] }],
  restraints: [{ incidentId: 'i-1', forceType: 'restrictive', holds: ['single_elbow'] }],
  people: { 'dsl-1': 'Dana Lead' },
};

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined, so equal content hashes alike', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":"é","z":1}]},"b":1}',
    );
    expect(contentHashOf({ a: 1, b: 2 })).toBe(contentHashOf({ b: 2, a: 1 }));
  });
});

describe('the package', () => {
  const key = signer();
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderPackage(file, key);
  });

  it('is a PDF that reads back with the file attached and its hash embedded', async () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const read = await readPackage(pdf);
    expect(read.json).toBe(canonicalJson(file));
    expect(read.contentHash).toBe(contentHashOf(file));
    expect(read.text).toContain('Ava Brown');
    expect(read.text).toContain('Hillside Academy');
    expect(PACKAGE_ATTACHMENT).toMatch(/\.json$/);
  });

  it('verifies with the platform key, and not with another', async () => {
    expect(await verifyPackage(pdf, key.publicKeyPem)).toMatchObject({ valid: true, problems: [], contentHash: contentHashOf(file), file });
    expect((await verifyPackage(pdf, signer().publicKeyPem)).problems).toEqual(['the signature does not match']);
  });

  it('fails verification when any one byte changes', async () => {
    // A byte of the attached JSON, of the page text and of the trailer: each breaks the signature.
    const json = pdf.indexOf(Buffer.from('"Came in hungry"'));
    for (const at of [json + 2, Math.floor(pdf.length / 2), pdf.length - 10]) {
      const changed = Buffer.from(pdf);
      changed[at] = changed[at]! ^ 0x01;
      const result = await verifyPackage(changed, key.publicKeyPem);
      expect(result.valid).toBe(false);
      expect(result.problems).toContain('the signature does not match');
    }
  });

  it('fails verification when the embedded hash is not the attachment’s', async () => {
    const hash = contentHashOf(file);
    const changed = Buffer.from(
      pdf.toString('latin1').replace(
        hash,
        hash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
      ),
      'latin1',
    );
    const result = await verifyPackage(changed, key.publicKeyPem);
    expect(result.problems).toEqual(
      expect.arrayContaining(['the signature does not match', 'the embedded hash is not the attached file’s']),
    );
  });
});
