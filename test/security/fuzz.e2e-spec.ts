import fc from 'fast-check';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import {
  routeTable,
  seedPupil,
  seedRecords,
  seedStaff,
  validBody,
  type JsonSchema,
  type OpenApiDocument,
  type Route,
  type SchoolSeed,
} from './security-fixtures.js';

/*
 * Malformed bodies against every write route of the generated route table. Each body starts from
 * a realistic valid one and always gets at least one change that makes it invalid (a required
 * field gone, a field of the wrong type, an unknown or prototype key, text PostgreSQL cannot store,
 * a body that is not an object, too big or too deep, or JSON that does not parse), so any 2xx is a
 * validation gap: the test fails with the body. Noise of the same kinds may be stacked on top.
 */
const CASES_PER_RUN = 8;
const RUNS = 1_300;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const MEGABYTE = 'x'.repeat(1024 * 1024);
const EDGE_TEXT = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\u202eevil\u202c',
  '\u200f\u200e\u2066',
  '\ufeff',
  '👩‍👩‍👧‍👦',
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  '$1::text',
  '{"$gt":""}',
  '../../etc/passwd',
  '%00',
  'NaN',
  'Infinity',
  '2026-02-30',
  '2026-13-01T25:61:00Z',
  '0000-00-00',
  '+275760-09-13T00:00:00.001Z',
];

type Mutation =
  | { op: 'drop'; pick: number }
  | { op: 'wrongType'; pick: number; value: unknown }
  | { op: 'extra'; key: string; value: unknown }
  | { op: 'badText'; pick: number; text: string }
  | { op: 'replace'; body: unknown }
  | { op: 'raw'; text: string };

interface FuzzCase {
  route: number;
  breaker: Mutation;
  noise: Mutation[];
}

const anyValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(-0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2),
  fc.constantFrom(...EDGE_TEXT),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 5 }),
  fc.dictionary(
    fc.string({ maxLength: 8 }).map((k) => `k_${k}`),
    fc.oneof(fc.integer(), fc.string({ maxLength: 8 })),
    { minKeys: 1, maxKeys: 4 },
  ),
);

const nested = fc.integer({ min: 17, max: 3000 }).map((depth) => {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i += 1) v = i % 2 ? [v] : { a: v };
  return v;
});

/** Text that is not JSON a server may accept: a syntax error, or a top-level value that is not an object or array. */
const brokenJson = fc.constantFrom(
  '{',
  '{"a":',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":-Infinity}',
  '{"a":undefined}',
  "{'a':1}",
  '{"a":1,}',
  '[1,2,',
  '"just a string"',
  '42',
  'null',
  'true',
  '\u0000',
  '{"a":01}',
  '{"a":"\\x41"}',
);

/** Broken JSON, or JSON whose content no DTO takes (unknown keys, prototype keys, NUL, lone surrogates, overflow). */
const rawJson = fc.oneof(
  brokenJson,
  fc.constantFrom(
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"a":1e309}',
  ),
  fc.string({ maxLength: 40 }).map((s) => `{"${s.replace(/"/g, '')}`),
);

/** A mutation that makes any body invalid for a route with these properties and required fields. */
function breakerFor(schema: JsonSchema | undefined): fc.Arbitrary<Mutation> {
  const wrongTypeValue = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constantFrom(-0, 1e308, Number.NaN),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 3 }),
  );
  const options: fc.Arbitrary<Mutation>[] = [
    fc.record({
      op: fc.constant('extra' as const),
      key: fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'schoolId', 'id', '$where', 'a\u0000b', '\ud800'),
        fc.string({ minLength: 1, maxLength: 20 }).map((s) => `x_${s}`),
      ),
      value: anyValue,
    }),
    fc.record({ op: fc.constant('replace' as const), body: fc.oneof(anyValue, nested, fc.constant(MEGABYTE), fc.constant([{}])) }),
    fc.record({ op: fc.constant('raw' as const), text: rawJson }),
  ];
  if (schema?.required?.length) options.push(fc.record({ op: fc.constant('drop' as const), pick: fc.nat() }));
  if (schema?.properties && Object.keys(schema.properties).length > 0) {
    options.push(fc.record({ op: fc.constant('wrongType' as const), pick: fc.nat(), value: wrongTypeValue }));
    options.push(
      fc.record({
        op: fc.constant('badText' as const),
        pick: fc.nat(),
        text: fc.oneof(
          fc.constantFrom('a\u0000b', '\u0000', '\ud800', 'x\udfffy', '\udbff'),
          fc.constant(MEGABYTE),
          fc.string({ maxLength: 5 }).map((s) => `${s}\u0000${s}`),
        ),
      }),
    );
  }
  return fc.oneof(...options);
}

/** Applies a mutation; returns the body to send (an object, or raw text for JSON that does not parse). */
function apply(body: unknown, m: Mutation, schema: JsonSchema | undefined): unknown {
  if (m.op === 'raw' || m.op === 'replace') return m.op === 'raw' ? { raw: m.text } : m.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || 'raw' in body) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const properties = Object.keys(schema?.properties ?? {});
  const required = schema?.required ?? [];
  switch (m.op) {
    case 'drop':
      if (required.length) delete copy[required[m.pick % required.length]!];
      break;
    case 'wrongType': {
      const field = properties[m.pick % properties.length]!;
      copy[field] = wrongTypeFor(schema!.properties![field]!, m.value, required.includes(field));
      break;
    }
    case 'badText': {
      const field = properties[m.pick % properties.length]!;
      copy[field] = m.text;
      break;
    }
    case 'extra':
      Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      break;
  }
  return copy;
}

/** A value that the field's declared type refuses (null only where the field is required). */
function wrongTypeFor(field: JsonSchema, candidate: unknown, required: boolean): unknown {
  const type = field.type ?? (field.$ref || field.allOf ? 'object' : undefined);
  const refused = (v: unknown) => {
    // NaN and ±Infinity travel as null in JSON.
    if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return required;
    if (type === 'string') return typeof v !== 'string';
    if (type === 'number' || type === 'integer') return typeof v !== 'number' || !Number.isFinite(v);
    if (type === 'boolean') return typeof v !== 'boolean';
    if (type === 'array') return !Array.isArray(v);
    if (type === 'object') return typeof v !== 'object' || Array.isArray(v);
    // Untyped (a correction's value): only what no field could take.
    return false;
  };
  for (const v of [candidate, 12345, 'not-the-type', true, { nested: 1 }, [1], Number.NaN]) if (refused(v)) return v;
  return { nested: [Number.NaN] };
}

function schemaOf(doc: OpenApiDocument, name: string | undefined): JsonSchema | undefined {
  return name ? doc.components.schemas[name] : undefined;
}

describe('fuzzing every write route', () => {
  let p: TestPlatform;
  let owner: SchoolSeed;
  let routes: Route[];
  let doc: OpenApiDocument;
  let admin: TestStaff;
  let trainingReference: unknown;

  beforeAll(async () => {
    p = await startTestPlatform({ label: 'fuzz' });
    const staff = await seedStaff(p, 'oakfield');
    const pupilId = await seedPupil(p, 'oakfield', staff.head);
    p.clock.advanceMinutes(60);
    owner = await seedRecords(p, 'oakfield', staff, pupilId, await p.createTrustUser('trust_safeguarding_lead'));
    admin = await p.createTrustUser('trust_admin');
    trainingReference = (await p.http('GET', '/api/training-reference', { token: admin.token })).body;
    ({ routes, doc } = await routeTable(p, owner.head.token));
    routes = routes.filter((r) => r.method !== 'GET');
  }, 120_000);

  afterAll(() => p?.close());

  it(`sends ${RUNS * CASES_PER_RUN} malformed bodies: no 5xx, none accepted, nothing stored`, async () => {
    console.log(`fuzz seed ${SEED} (repeat with FUZZ_SEED=${SEED})`);
    const before = await p.eventCount();
    const statuses = new Map<number, number>();
    const perRoute = new Map<string, number>();
    const failures: string[] = [];
    const targets = routes.map((route) => {
      const params: Record<string, string> = {
        id: route.path.startsWith('/api/concerns')
          ? owner.concernId
          : route.path.startsWith('/api/incidents')
            ? owner.incidentId
            : route.path.startsWith('/api/alerts')
              ? owner.alertId
              : route.path.startsWith('/api/cover')
                ? owner.coverId
                : route.path.startsWith('/api/pupils')
                  ? owner.pupilId
                  : owner.subject.id,
        staffId: owner.subject.id,
        actionId: owner.concernActionId,
      };
      return {
        route,
        url: route.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!),
        // Validation runs after the role check, so each route is called by someone it lets in.
        token: route.path === '/api/training-reference' ? admin.token : owner.head.token,
        schema: schemaOf(doc, route.bodySchema),
      };
    });
    const fuzzCase: fc.Arbitrary<FuzzCase> = fc.nat({ max: targets.length - 1 }).chain((route) => {
      // A route without a body ignores a well-formed one; only JSON that does not parse is malformed for it.
      const schema = targets[route]!.schema;
      const breaker = schema ? breakerFor(schema) : fc.record({ op: fc.constant('raw' as const), text: brokenJson });
      return fc.record({
        route: fc.constant(route),
        breaker,
        noise: schema ? fc.array(breakerFor(schema), { maxLength: 2 }) : fc.constant([]),
      });
    });

    await fc.assert(
      fc.asyncProperty(fc.array(fuzzCase, { minLength: CASES_PER_RUN, maxLength: CASES_PER_RUN }), async (batch) => {
        await Promise.all(
          batch.map(async (c) => {
            const target = targets[c.route]!;
            let body = validBody(target.route, owner, trainingReference, 0);
            for (const m of [...c.noise, c.breaker]) body = apply(body, m, target.schema);
            const raw = typeof body === 'object' && body !== null && 'raw' in body ? String((body as { raw: unknown }).raw) : undefined;
            const res = await p.http(target.route.method, target.url, {
              token: target.token,
              body: raw ?? JSON.stringify(body) ?? 'null',
              headers: { 'content-type': 'application/json' },
            });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            perRoute.set(target.route.key, (perRoute.get(target.route.key) ?? 0) + 1);
            if (res.status >= 500 || res.status < 400 || res.status === 422) {
              const sent = (raw ?? JSON.stringify(body) ?? '').slice(0, 300);
              failures.push(`${target.route.key} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)} for ${sent}`);
            }
          }),
        );
        return true;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );

    const after = await p.eventCount();
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.log(
      `fuzz: ${total} requests over ${perRoute.size} write routes; by status: ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}; events stored: ${after - before}`,
    );
    expect(total).toBeGreaterThanOrEqual(10_000);
    expect(perRoute.size).toBe(targets.length);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(after - before).toBe(0);
  }, 300_000);

  it('answers every query parameter of every read route, at int64 edges, as impossible instants and as long text, below 500', async () => {
    const auditor = await p.createTrustUser('trust_auditor');
    await p.stepUp(owner.head);
    const values = [
      '9223372036854775807',
      '9223372036854775808',
      '-9223372036854775809',
      '18446744073709551616',
      '-1',
      '0',
      '1.5',
      '1e309',
      '0x10',
      'NaN',
      '2026-01-01T25:61:00Z',
      '2026-02-30T10:00:00Z',
      '2026-02-29',
      '+275760-09-13T00:00:00.001Z',
      '0000-00-00T00:00:00Z',
      '9999-12-31T23:59:59.999999999+14:00',
      'x'.repeat(10_000),
      ...EDGE_TEXT.filter((t) => !t.includes('\u0000')),
    ];
    const failures: string[] = [];
    let sent = 0;
    const reads = (await routeTable(p, owner.head.token)).routes.filter(
      // The stream holds its response open; its one parameter besides schoolId is a ticket.
      (r) => r.method === 'GET' && r.queryParams.length > 0 && r.path !== '/api/alerts/stream',
    );
    for (const route of reads) {
      const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'id' && route.path.startsWith('/api/pupils') ? owner.pupilId : name === 'id' ? owner.concernId : owner.subject.id,
      );
      const token = route.path.startsWith('/api/audit') ? auditor.token : owner.head.token;
      const cases = route.queryParams.flatMap((param) => values.map((value) => ({ param, value })));
      for (let i = 0; i < cases.length; i += 8) {
        await Promise.all(
          cases.slice(i, i + 8).map(async ({ param, value }) => {
            // A required companion (the replay's projection and asOf) stays valid while one parameter is broken.
            const query = new URLSearchParams(
              route.path === '/api/audit/replay' ? { projection: 'team-teach', asOf: '2026-03-01T18:00:00Z' } : {},
            );
            query.set(param, value);
            const res = await p.http('GET', `${url}?${query}`, { token });
            sent += 1;
            if (res.status >= 500)
              failures.push(`${route.key} ?${param}=${value.slice(0, 40)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          }),
        );
      }
    }
    console.log(`query fuzz: ${sent} requests over ${reads.length} read routes`);
    expect(reads.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/audit/events', '/api/audits/team-teach']));
    expect(failures.slice(0, 20)).toEqual([]);
  }, 300_000);

  it('refuses a raw-history position past int64 and an instant that is not on the clock with 400, naming the field', async () => {
    const auditor = await p.createTrustUser('trust_auditor');
    const position = await p.http('GET', '/api/audit/events?fromPosition=9223372036854775808', { token: auditor.token });
    expect(position.status).toBe(400);
    expect(position.body.errors.map((e: { field: string }) => e.field)).toContain('fromPosition');
    const asOf = await p.http('GET', '/api/audits/team-teach?asOf=2026-01-01T25:61:00Z', { token: auditor.token });
    expect(asOf.status).toBe(400);
    expect(asOf.body.errors.map((e: { field: string }) => e.field)).toContain('asOf');
  });

  it('refuses NUL in paths and queries with 400, and never answers 500 to malformed UTF-8 there', async () => {
    for (const path of ['/api/pupils/%00', '/api/concerns/a%00b', '/api/pupils?search=%00', '/api/staff/x%00']) {
      expect({ path, status: (await p.http('GET', path, { token: owner.head.token })).status }).toEqual({ path, status: 400 });
    }
    for (const path of ['/api/pupils?search=%ED%A0%80', '/api/staff/%ED%A0%80', '/api/incidents/%FF']) {
      expect((await p.http('GET', path, { token: owner.head.token })).status).toBeLessThan(500);
    }
  });

  it('refuses an array where a nested object belongs (aboutAdult, a cover override) with 400', async () => {
    const concern = validBody({ key: 'POST /api/concerns' } as Route, owner, null, 0) as object;
    const cover = validBody({ key: 'POST /api/cover-assignments' } as Route, owner, null, 0) as object;
    for (const [path, body] of [
      ['/api/concerns', { ...concern, aboutAdult: [] }],
      ['/api/concerns', { ...concern, aboutAdult: [{ staffId: owner.subject.id }] }],
      ['/api/cover-assignments', { ...cover, override: [{ reason: 'over the cap' }] }],
    ] as const) {
      expect((await p.http('POST', path, { token: owner.head.token, body })).status).toBe(400);
    }
  });
});
