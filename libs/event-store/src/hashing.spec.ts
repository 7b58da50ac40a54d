import { canonicalJson, eventHash } from './hashing.js';

// Stored chains were hashed with these exact bytes: a faster canonical form must give the same ones.
const content = {
  streamId: 'concern-1',
  streamVersion: 3,
  eventId: '5f0c6c1e-8a51-4d7e-9a35-0c2b2f6f4d11',
  type: 'ConcernRaised',
  schemaVersion: 1,
  data: {
    summary: 'Bruise "left" arm\n',
    zeta: [1, 2.5, null, undefined, { b: true, a: 'é😀' }],
    alpha: { nested: { y: 1e21, x: -0 } },
    skipped: undefined,
    empty: {},
    list: [],
  },
  metadata: {
    actorId: 'a',
    schoolId: null,
    trustId: 't',
    correlationId: 'c',
    causationId: null,
    occurredAt: '2026-03-01T09:15:00.000Z',
  },
  recordedAt: '2026-03-01T09:15:01.000Z',
};

describe('hashing', () => {
  it('writes JSON with keys sorted at every level, undefined left out of objects and null in lists', () => {
    expect(canonicalJson(content.data)).toBe(
      '{"alpha":{"nested":{"x":0,"y":1e+21}},"empty":{},"list":[],"summary":"Bruise \\"left\\" arm\\n","zeta":[1,2.5,null,null,{"a":"é😀","b":true}]}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ a: undefined })).toBe('{}');
  });

  it('hashes an event chained to its predecessor exactly as the stored chains were hashed', () => {
    expect(eventHash(content, null)).toBe('5aa2165887ec56fb949e394070f5b9e3c2ea027c915a0384b5b4beab35710b6e');
    expect(eventHash(content, 'ab'.repeat(32))).toBe('c9a7ab64e66fe661fe9db3d01a55125d8c4c43bd40bdc4f719aef01b9b1bf6e3');
  });
});
