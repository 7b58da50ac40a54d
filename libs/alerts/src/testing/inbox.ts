import type { TestPlatform } from '#lib/testing';
import type { AlertView } from '../alerts.queries.js';

/** The caller's inbox after every projection settled at the fake clock's now. */
export async function inbox(p: TestPlatform, token: string, filter: Partial<Pick<AlertView, 'kind' | 'status'>> & { about?: string } = {}) {
  await p.settle();
  const all: AlertView[] = [];
  // Every page, following Link rel="next" as clients do.
  for (let path: string | null = '/api/alerts'; path !== null;) {
    const res: { status: number; body: AlertView[]; headers: Headers } = await p.http<AlertView[]>('GET', path, { token });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    all.push(...res.body);
    path = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
  }
  return all.filter(
    (a) =>
      (!filter.kind || a.kind === filter.kind) &&
      (!filter.status || a.status === filter.status) &&
      (!filter.about || Object.values(a.subject).includes(filter.about)),
  );
}
