import type { HistoryQuery, StoredEvent } from './event-store.js';

const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) in Europe/London of an instant: the day a school would say it happened. */
export function londonDate(iso: string): string {
  return londonDay.format(new Date(iso));
}

/** Whether a stored event is one a history read asks for, its position aside (for adapters that filter in code). */
export function inHistory(event: StoredEvent, query: HistoryQuery): boolean {
  const m = event.metadata;
  if ('trustId' in query.scope ? m.trustId !== query.scope.trustId : m.schoolId !== query.scope.schoolId) return false;
  if (query.streamId !== undefined && event.streamId !== query.streamId) return false;
  if (query.actorId !== undefined && m.actorId !== query.actorId) return false;
  if (query.recordedFrom === undefined && query.recordedTo === undefined) return true;
  const day = londonDate(event.recordedAt);
  return (query.recordedFrom === undefined || day >= query.recordedFrom) && (query.recordedTo === undefined || day <= query.recordedTo);
}
