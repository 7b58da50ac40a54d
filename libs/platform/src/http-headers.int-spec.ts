import { startTestPlatform, type TestPlatform } from '#lib/testing';

/** The headers every response carries (API.md v1.1: personal data is never cached; a CSP without inline code but for Swagger UI). */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ label: 'http_headers' });
});
afterAll(async () => p.close());

const scriptSrc = (csp: string | null) => csp?.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';

describe('security headers', () => {
  it('marks /api responses with personal data no-store', async () => {
    const ta = await p.createStaff({ school: 'oakfield', name: 'Robin Personal' });
    for (const path of ['/api/me', '/api/staff', `/api/staff/${ta.id}`, '/api/concerns']) {
      const res = await p.http('GET', path, { token: ta.token });
      expect({ path, status: res.status, cache: res.headers.get('cache-control') }).toEqual({ path, status: 200, cache: 'no-store' });
    }
    expect((await p.http('GET', '/api/me')).headers.get('cache-control')).toBe('no-store');
  });

  it('allows inline script and style for Swagger UI at /api/docs only', async () => {
    const docs = await p.http('GET', '/api/docs/');
    expect(docs.status).toBe(200);
    expect(scriptSrc(docs.headers.get('content-security-policy'))).toContain("'unsafe-inline'");
    for (const path of ['/api/health', '/api/docs-json', '/', '/index.html']) {
      const csp = (await p.http('GET', path)).headers.get('content-security-policy');
      expect({ path, csp: csp?.includes("'unsafe-inline'") }).toEqual({ path, csp: false });
      expect(scriptSrc(csp)).toContain("'self'");
    }
  });

  it('answers a body too large with 413 problem details carrying the security headers', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    const res = await p.http('POST', '/api/concerns', { token: ta.token, body: JSON.stringify({ summary: 'x'.repeat(3 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, title: 'Payload too large' });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
