import { type AppliedPersonalDataRule, personalDataOf, type PersonalDataTable, subjectIn } from '#lib/kernel';
import type { PrivacyEvent } from './erasure.js';

// The grounds of a hold may name people; they go with the subject. An erasure's reason stays readable.
export const PRIVACY_PERSONAL_DATA = personalDataOf<PrivacyEvent>({
  LegalHoldPlaced: { subject: (d) => subjectIn(d.subjectId), paths: ['reason'] },
  LegalHoldLifted: { subject: (d) => subjectIn(d.subjectId), paths: ['reason'] },
});

/**
 * The platform's table from each feature's rules (declared beside its events, typed by its union).
 * A type claimed twice is a mistake in the composition, refused here rather than silently overridden.
 */
export function personalDataTable(...tables: PersonalDataTable[]): PersonalDataTable {
  const table: Record<string, AppliedPersonalDataRule> = {};
  for (const t of tables) {
    for (const [type, rule] of Object.entries(t)) {
      if (type in table) throw new Error(`personal data of ${type} declared twice`);
      table[type] = rule;
    }
  }
  return table;
}

export function pathsOf(rule: AppliedPersonalDataRule, data: Record<string, unknown>): readonly string[] {
  return typeof rule.paths === 'function' ? rule.paths(data) : rule.paths;
}

/**
 * Rewrites every string value at `path` with `fn` (given the value and the path as written in the
 * rule, which is the same for every element of a list). Returns a copy; `data` is not changed.
 */
export function mapPath(data: unknown, path: string, fn: (value: unknown) => unknown): unknown {
  const [head, ...rest] = path.split('.');
  if (head === undefined || typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const record = data as Record<string, unknown>;
  const list = head.endsWith('[]');
  const key = list ? head.slice(0, -2) : head;
  if (!(key in record)) return data;
  const at = (v: unknown) => (rest.length === 0 ? fn(v) : mapPath(v, rest.join('.'), fn));
  const value = record[key];
  if (list) return Array.isArray(value) ? { ...record, [key]: value.map(at) } : data;
  return { ...record, [key]: at(value) };
}
