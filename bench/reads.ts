/**
 * Reads over HTTP: `GET /api/alerts` (a DSL's inbox, one page) with few alerts in the school and with
 * thousands, and `GET /api/health` (no database read) as the ceiling of the HTTP stack, each with
 * autocannon at 50 connections, side by side in one run.
 */
import autocannon from 'autocannon';
import { commandContext } from '#lib/core';
import { Accounts, newTotpSecret, totpCode } from '#lib/auth';
import { concernDecider, concernStream } from '#lib/concerns';
import { ReadModels } from '#lib/read-models';
import { randomUUID } from 'node:crypto';
import { startPlatform } from './platform.js';
import { round } from './stats.js';

export interface ReadsRun {
  route: string;
  alertsInSchool: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Bytes of one response. */
  bytes: number;
}

export interface ReadsResult {
  connections: number;
  seconds: number;
  runs: ReadsRun[];
}

export async function benchReads(options: { seconds: number; manyAlerts: number; log: (l: string) => void }): Promise<ReadsResult> {
  const p = await startPlatform('reads');
  const connections = 50;
  try {
    // The DSL signs in with a second factor, as in the school.
    const secret = newTotpSecret();
    await p.app.get(Accounts).confirmTotp(p.dsl.staffId, secret, new Date());
    const login = await fetch(`${p.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: p.dsl.email, password: p.dsl.password, totp: totpCode(secret, new Date()) }),
    });
    const { accessToken } = (await login.json()) as { accessToken?: string };
    if (!accessToken) throw new Error(`the DSL's sign-in failed: ${login.status}`);
    const headers = { authorization: `Bearer ${accessToken}` };
    const readModels = p.app.get(ReadModels);

    const raise = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        await p.runner.run({
          streamId: concernStream(id),
          decider: concernDecider,
          context: commandContext(p.raiser, {}),
          schoolId: p.schoolId,
          command: (_, now) => ({
            type: 'RaiseConcern' as const,
            concernId: id,
            pupilIds: [p.pupils[i % p.pupils.length]!],
            categories: ['neglect'],
            summary: 'Came in hungry again',
            details: 'Said there was no breakfast at home',
            occurredAt: now,
            urgency: 'routine' as const,
            informedDslVerbally: false,
            raisedBy: p.raiser.staffId,
            now,
          }),
        });
      }
      await readModels.drainAll(120_000);
    };
    const measure = async (route: string, path: string, alertsInSchool: number): Promise<ReadsRun> => {
      const sample = await fetch(`${p.baseUrl}${path}`, { headers });
      const bytes = (await sample.arrayBuffer()).byteLength;
      const r = await autocannon({ url: `${p.baseUrl}${path}`, headers, connections, duration: options.seconds, workers: 1 });
      const run = {
        route,
        alertsInSchool,
        requestsPerSecond: round(r.requests.average, 0),
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        bytes,
      };
      options.log(`  ${route} (${alertsInSchool} alerts): ${run.requestsPerSecond} req/s, p99 ${run.p99} ms, ${bytes} B`);
      return run;
    };

    const runs: ReadsRun[] = [];
    await raise(10);
    runs.push(await measure('GET /api/health', '/api/health', 10));
    runs.push(await measure('GET /api/alerts', '/api/alerts', 10));
    options.log(`  raising ${options.manyAlerts - 10} more concerns…`);
    await raise(options.manyAlerts - 10);
    runs.push(await measure('GET /api/alerts', '/api/alerts', options.manyAlerts));
    runs.push(await measure('GET /api/health', '/api/health', options.manyAlerts));
    return { connections, seconds: options.seconds, runs };
  } finally {
    await p.close();
  }
}
