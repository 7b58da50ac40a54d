/**
 * Small checks shared by the aggregates. Each throws a RuleViolation with the caller's rule code,
 * so every refusal stays traceable to one aggregate's rule.
 */
import { RuleViolation } from './decider.js';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Trimmed text; refused when blank. */
export function requireText(value: string | undefined, rule: string, field: string): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw new RuleViolation(rule, `${field} is required.`);
  return trimmed;
}

/** Milliseconds since the epoch of an ISO-8601 date-time that states its offset. */
export function requireInstant(value: string, rule: string, field: string): number {
  const ms = INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new RuleViolation(rule, `${field} must be an ISO-8601 date-time with an offset.`);
  return ms;
}

export function isCalendarDate(value: string): boolean {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function requireCalendarDate(value: string, rule: string, field: string): string {
  if (!isCalendarDate(value)) throw new RuleViolation(rule, `${field} must be a date (YYYY-MM-DD).`);
  return value;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
}

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Europe/London at an instant: the school's "today". */
export function londonDate(instant: string): string {
  return LONDON_DATE.format(new Date(instant));
}
