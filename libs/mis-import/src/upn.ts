/**
 * The DfE's unique pupil number: a check letter, then 12 characters — the LA and establishment
 * numbers, the year of allocation and a serial (permanent: all digits; temporary: the last a letter).
 * The check letter is the sum of characters 2–13, each times its position, modulo 23, read in the
 * DfE's 23-letter alphabet (no I, O or S); a letter in position 13 counts as its place in that alphabet.
 */
const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';
const SHAPE = /^[A-Z]\d{11}[0-9A-Z]$/;

export type UpnProblem = 'malformed' | 'check_letter';

/** The check letter the 12 characters after it call for, or null when they cannot be a UPN's. */
export function upnCheckLetter(rest: string): string | null {
  if (!/^\d{11}[0-9A-Z]$/.test(rest)) return null;
  const last = rest[11]!;
  const lastValue = /\d/.test(last) ? Number(last) : CHECK_LETTERS.indexOf(last);
  if (lastValue < 0) return null;
  let sum = lastValue * 13;
  for (let position = 2; position <= 12; position++) sum += Number(rest[position - 2]) * position;
  return CHECK_LETTERS[sum % 23]!;
}

/** What is wrong with a UPN (already trimmed and upper-cased), or null when it is a valid one. */
export function upnProblem(upn: string): UpnProblem | null {
  const expected = SHAPE.test(upn) ? upnCheckLetter(upn.slice(1)) : null;
  if (expected === null) return 'malformed';
  return expected === upn[0] ? null : 'check_letter';
}
