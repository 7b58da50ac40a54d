/** HTTP: `POST /api/concerns` at rising concurrency, with autocannon in a worker thread of its own. */
import autocannon from 'autocannon';
import { raiseConcernBody, startPlatform } from './platform.js';
import { round } from './stats.js';

export interface HttpLevel {
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface HttpResult {
  route: string;
  secondsPerLevel: number;
  levels: HttpLevel[];
  /** The first concurrency at which p99 grows faster than throughput (null: not reached). */
  knee: { connections: number; before: number } | null;
}

export async function benchHttp(options: { seconds: number; levels: number[]; log: (l: string) => void }): Promise<HttpResult> {
  const p = await startPlatform('http');
  try {
    const login = await fetch(`${p.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: p.raiser.email, password: p.raiser.password }),
    });
    const { accessToken } = (await login.json()) as { accessToken?: string };
    if (!accessToken) throw new Error(`sign-in for the benchmark failed: ${login.status}`);

    const body = JSON.stringify(raiseConcernBody(p.pupils[0]!));
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
    const probe = await fetch(`${p.baseUrl}/api/concerns`, { method: 'POST', headers, body });
    // Without the concerns route, the sign-in route stands in (labelled so).
    const concerns = probe.status === 201;
    const route = concerns ? 'POST /api/concerns' : 'POST /api/auth/login (stand-in: POST /api/concerns answered ' + probe.status + ')';
    // Each connection cycles through the school's pupils, so no one pupil's history grows without end.
    const target = concerns
      ? {
          url: `${p.baseUrl}/api/concerns`,
          headers,
          requests: p.pupils.map((id) => ({ method: 'POST', body: JSON.stringify(raiseConcernBody(id)) })),
        }
      : {
          url: `${p.baseUrl}/api/auth/login`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: p.raiser.email, password: p.raiser.password }),
        };

    const levels: HttpLevel[] = [];
    for (const connections of options.levels) {
      const r = await autocannon({ ...target, method: 'POST', connections, duration: options.seconds, workers: 1 });
      const level = {
        connections,
        requestsPerSecond: round(r.requests.average, 0),
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors,
      };
      levels.push(level);
      options.log(
        `  ${route} × ${connections}: ${level.requestsPerSecond} req/s, p50 ${level.p50} ms, p99 ${level.p99} ms, non-2xx ${level.non2xx}`,
      );
    }
    return { route, secondsPerLevel: options.seconds, levels, knee: knee(levels) };
  } finally {
    await p.close();
  }
}

export function knee(levels: HttpLevel[]): HttpResult['knee'] {
  for (let i = 1; i < levels.length; i++) {
    const prev = levels[i - 1]!;
    const cur = levels[i]!;
    if (cur.p99 / Math.max(prev.p99, 0.001) > cur.requestsPerSecond / Math.max(prev.requestsPerSecond, 0.001)) {
      return { connections: cur.connections, before: prev.connections };
    }
  }
  return null;
}
