import type { JobRole } from '#lib/workforce';

/**
 * The values MIS exports write (SIMS, Arbor and Bromcom each their own way), read into the
 * platform's. Each returns null for a value it cannot read, so the row is rejected with the reason.
 */

const DATE_DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const DATE_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?$/;

/** A calendar date (YYYY-MM-DD) from the UK day-first form the exports use, or ISO; null if no such day. */
export function readDate(text: string): string | null {
  const value = text.trim();
  const dmy = DATE_DMY.exec(value);
  const iso = DATE_ISO.exec(value);
  const [y, m, d] = dmy ? [dmy[3], dmy[2], dmy[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (y === undefined || m === undefined || d === undefined) return null;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  // 31/02 rolls over to March in Date: a day that does not exist reads back differently.
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : null;
}

/** 'N', 'R' or '1'..'13' from "Year 4", "Y4", "Yr 4", "NC Year 4", "4", "Reception", "Nursery", "N1", "N2". */
export function readYearGroup(text: string): string | null {
  const value = text
    .trim()
    .toLowerCase()
    .replace(/^(nc\s*)?(year|yr|y)\s*/, '');
  if (['r', 'rec', 'reception'].includes(value)) return 'R';
  if (['n', 'n1', 'n2', 'nursery', 'nur'].includes(value)) return 'N';
  const n = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
  return n >= 1 && n <= 13 ? String(n) : null;
}

/**
 * The SEN status of the school census (N: no special educational need, K: SEN support, E: an
 * education, health and care plan), as a code or in words. A blank means no SEN recorded. A
 * statement (S) was replaced by an EHCP in 2014–2018, so it reads as one.
 */
export function readSenStatus(text: string): { sen: boolean; ehcp: boolean } | null {
  const value = text
    .trim()
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (['', 'n', 'no', 'none', 'nosen', 'notsen'].includes(value)) return { sen: false, ehcp: false };
  if (['k', 'sensupport', 'support'].includes(value)) return { sen: true, ehcp: false };
  if (['e', 's', 'ehcp', 'ehcplan', 'ehc', 'statement', 'educationhealthandcareplan'].includes(value)) return { sen: true, ehcp: true };
  return null;
}

/** Job titles as schools write them, by the words in them, first match wins; anything else is "other". */
const JOB_TITLES: readonly [RegExp, JobRole][] = [
  [/head\s*teacher|headteacher|principal|head of school|executive head/, 'headteacher'],
  [/designated safeguarding|\bdsl\b/, 'dsl'],
  [/higher level teaching|\bhlta\b/, 'hlta'],
  [/1\s*[:-]\s*1|one[\s-]to[\s-]one|1 to 1/, 'one_to_one_ta'],
  [/behaviour|learning mentor/, 'learning_behaviour_assistant'],
  [/learning progress|\blpa\b/, 'learning_progress_assistant'],
  [/cover supervisor/, 'cover_supervisor'],
  [/teaching assistant|classroom assistant|learning support assistant|\bta\b|\blsa\b/, 'teaching_assistant'],
  [/teacher|senco|deputy head|assistant head/, 'teacher'],
];

export function readJobRole(text: string): JobRole {
  const value = text.trim().toLowerCase();
  return JOB_TITLES.find(([pattern]) => pattern.test(value))?.[1] ?? 'other';
}

/** Hours a week: "32.5", "32.50", "32,5"; null when not a number. */
export function readHours(text: string): number | null {
  const value = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(value) ? Math.round(Number(value) * 100) / 100 : null;
}
