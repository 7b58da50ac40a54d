/**
 * Working days in England: Monday to Friday, bank holidays excepted. Agencies (the LADO, children's
 * social care) keep working days, not school days: a referral due "by the end of the next working
 * day" is due over a half term, but not over a bank holiday.
 */
import { addDays, weekday } from './dates.js';

/** Bank holidays moved or added by proclamation (gov.uk/bank-holidays), keyed by the year. */
const PROCLAIMED: Record<number, { moved?: Record<string, string>; added?: string[] }> = {
  2020: { moved: { '2020-05-04': '2020-05-08' } },
  2022: { moved: { '2022-05-30': '2022-06-02' }, added: ['2022-06-03', '2022-09-19'] },
  2023: { added: ['2023-05-08'] },
};

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Easter Sunday (the Gregorian computus). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

const firstMonday = (year: number, month: number) => {
  const first = iso(year, month, 1);
  return addDays(first, (7 - weekday(first)) % 7);
};
const lastMonday = (year: number, month: number) => {
  const last = addDays(iso(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return addDays(last, -weekday(last));
};
/** A holiday on a weekend is taken on the next weekday not already a holiday. */
const substitute = (date: string, taken: Set<string>) => {
  let day = date;
  while (weekday(day) >= 5 || taken.has(day)) day = addDays(day, 1);
  return day;
};

const cache = new Map<number, Set<string>>();

/** England and Wales's bank holidays of a year. */
export function englandBankHolidays(year: number): Set<string> {
  const known = cache.get(year);
  if (known) return known;
  const easter = easterSunday(year);
  const holidays = new Set<string>();
  holidays.add(substitute(iso(year, 1, 1), holidays));
  holidays.add(addDays(easter, -2));
  holidays.add(addDays(easter, 1));
  holidays.add(firstMonday(year, 5));
  holidays.add(lastMonday(year, 5));
  holidays.add(lastMonday(year, 8));
  holidays.add(substitute(iso(year, 12, 25), holidays));
  holidays.add(substitute(iso(year, 12, 26), holidays));
  const proclaimed = PROCLAIMED[year];
  for (const [from, to] of Object.entries(proclaimed?.moved ?? {})) {
    holidays.delete(from);
    holidays.add(to);
  }
  for (const day of proclaimed?.added ?? []) holidays.add(day);
  cache.set(year, holidays);
  return holidays;
}

export function isWorkingDay(date: string): boolean {
  return weekday(date) < 5 && !englandBankHolidays(Number(date.slice(0, 4))).has(date);
}

/** The `n`th working day after `date` (n ≥ 1); `date` itself does not count. */
export function addWorkingDays(date: string, n: number): string {
  let current = date;
  for (let left = n; left > 0;) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) left -= 1;
  }
  return current;
}
