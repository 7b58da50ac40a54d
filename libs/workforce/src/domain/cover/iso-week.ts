const DAY_MS = 86_400_000;

/**
 * The ISO-8601 week of a date, as `YYYY-Www`. Weeks start on Monday and belong to the year of
 * their Thursday, so 2026-12-31 and 2027-01-01 are both in 2026-W53.
 */
export function isoWeekOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = Date.UTC(y, m - 1, d);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(day + (3 - weekday) * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS));
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}
