import { isCalendarDate, londonDate } from './validation.js';

export { isCalendarDate, londonDate };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

/** An ISO-8601 date-time that states its offset. */
export function isInstant(value: string): boolean {
  return INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6. */
export function weekday(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** Monday to Friday; term dates and bank holidays are not known to the platform. */
export function isSchoolDay(date: string): boolean {
  return weekday(date) < 5;
}

/** The next school day after `date` (Friday → Monday). */
export function nextSchoolDay(date: string): string {
  let next = addDays(date, 1);
  while (!isSchoolDay(next)) next = addDays(next, 1);
  return next;
}

/** The Monday of an ISO week (`YYYY-Www`), or null when there is no such week. */
export function isoWeekMonday(week: string): string | null {
  const match = ISO_WEEK.exec(week);
  if (!match) return null;
  const [year, n] = [Number(match[1]), Number(match[2])];
  // 4 January is always in week 1.
  const jan4 = `${String(year).padStart(4, '0')}-01-04`;
  const monday = addDays(addDays(jan4, -weekday(jan4)), (n - 1) * 7);
  if (n < 1 || isoWeekOfDate(monday) !== week) return null;
  return monday;
}

function isoWeekOfDate(date: string): string {
  const thursday = addDays(date, 3 - weekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = 1 + Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${thursday.slice(0, 4)}-W${String(week).padStart(2, '0')}`;
}

export function toIso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
