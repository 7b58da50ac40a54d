import type { EventStore, SealLog } from '#lib/event-store';
import type { Clock } from './clock.js';

export const PG_POOL = Symbol('PG_POOL');
/** How this process reaches PostgreSQL (the read side opens its own TypeORM connection with it). */
export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export interface DatabaseModuleOptions {
  databaseUrl: string;
  clock?: Clock;
  /** Another adapter of the port (e.g. KurrentDB); read models stay in PostgreSQL. */
  eventStore?: EventStore;
  poolSize?: number;
  /** The role every connection acts as (DATABASE_APP_ROLE); unset or `none`: the URL's user. */
  role?: string;
  /** Where the PostgreSQL store also writes its seals, outside the database. */
  sealLog?: SealLog;
  /** When this process seals the history (unset: it does not; it may still read the seals). */
  sealSchedule?: { everyMinutes: number; everyEvents: number };
}
