import pg from 'pg';

let counting = false;
let sent: string[] = [];

/**
 * Counts every statement any pg client of this process sends (the event store's, TypeORM's and the
 * projections' alike): statement counts hold on any machine, where times do not.
 */
export function countStatements(): { count(): number; reset(): void; texts(): string[] } {
  if (!counting) {
    counting = true;
    const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text?: string };
      sent.push((typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').slice(0, 100));
      return original.apply(this, args);
    };
  }
  return { count: () => sent.length, reset: () => void (sent = []), texts: () => [...sent] };
}
