import pg from 'pg';

let counting = false;
let statements = 0;

/**
 * Counts every statement any pg client of this process sends (the event store's, TypeORM's and the
 * projections' alike): statement counts hold on any machine, where times do not.
 */
export function countStatements(): { count(): number; reset(): void } {
  if (!counting) {
    counting = true;
    const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
      statements += 1;
      return original.apply(this, args);
    };
  }
  return { count: () => statements, reset: () => void (statements = 0) };
}
