/**
 * Dates as the school lives them: calendar dates in Europe/London, school days Monday to Friday.
 * Bank holidays and INSET days are not known to the platform, so they count as school days: an
 * alert may come a day early around a holiday, never late.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, isSchoolDay } from './dates.js';

const LONDON = 'Europe/London';

function parts(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

/** The last millisecond of a London calendar date (23:59:59.999 GMT or BST). */
export function endOfLondonDay(date: string): Date {
  const [y, m, d] = parts(date);
  return new Date(new TZDate(y, m - 1, d, 23, 59, 59, 999, LONDON).getTime());
}

/** Midnight at the start of a London calendar date. */
export function startOfLondonDay(date: string): Date {
  const [y, m, d] = parts(date);
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, 0, LONDON).getTime());
}

/** The `n`th school day after `date` (n ≥ 1); `date` itself does not count. */
export function addSchoolDays(date: string, n: number): string {
  let current = date;
  for (let left = n; left > 0;) {
    current = addDays(current, 1);
    if (isSchoolDay(current)) left -= 1;
  }
  return current;
}

/** An instant plus whole calendar months (UTC fields), clamped to the end of a shorter month. */
export function addMonths(instant: Date, months: number): Date {
  const monthIndex = instant.getUTCMonth() + months;
  const year = instant.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(instant.getUTCDate(), lastDay),
      instant.getUTCHours(),
      instant.getUTCMinutes(),
      instant.getUTCSeconds(),
      instant.getUTCMilliseconds(),
    ),
  );
}
