import type { TestPlatform } from '#lib/testing';
import type { AlertView } from '../alerts.queries.js';

/** The caller's inbox after every projection settled at the fake clock's now. */
export async function inbox(p: TestPlatform, token: string, filter: Partial<Pick<AlertView, 'kind' | 'status'>> & { about?: string } = {}) {
  await p.settle();
  const res = await p.http<AlertView[]>('GET', '/api/alerts', { token });
  if (res.status !== 200) throw new Error(`GET /api/alerts: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.filter(
    (a) =>
      (!filter.kind || a.kind === filter.kind) &&
      (!filter.status || a.status === filter.status) &&
      (!filter.about || Object.values(a.subject).includes(filter.about)),
  );
}
