/**
 * A trust's concern categories, reference data like its training courses: it starts from the
 * KCSIE defaults and may add, rename or retire categories. Nothing is ever removed: a retired
 * category stays, with its label, so concerns raised under it read as they did; it is only no longer
 * offered for new concerns. One stream per trust.
 */
import { type Decider, type DomainEvent, requireText, RuleViolation, unreachable } from '#lib/kernel';
import { CONCERN_CATEGORIES, CONCERN_CATEGORY_GUIDANCE, CONCERN_CATEGORY_LABELS } from './vocabulary.js';

// Not `concern-…`: that prefix names concerns' streams everywhere (audit, visibility).
export const concernCategoriesStream = (trustId: string): string => `safeguarding-categories-${trustId}`;

export interface ConcernCategoryEntry {
  code: string;
  label: string;
  guidance: string;
  retired: boolean;
}

export type ConcernCategoryAdded = DomainEvent<
  'ConcernCategoryAdded',
  { code: string; label: string; guidance: string; by: string; at: string }
>;
export type ConcernCategoryChanged = DomainEvent<
  'ConcernCategoryChanged',
  { code: string; label: string; guidance: string; by: string; at: string }
>;
export type ConcernCategoryRetired = DomainEvent<'ConcernCategoryRetired', { code: string; by: string; at: string }>;
export type ConcernCategoryEvent = ConcernCategoryAdded | ConcernCategoryChanged | ConcernCategoryRetired;

export type ConcernCategoryCommand =
  | { type: 'AddConcernCategory'; code: string; label: string; guidance: string; by: string; now: string }
  | { type: 'ChangeConcernCategory'; code: string; label?: string; guidance?: string; by: string; now: string }
  | { type: 'RetireConcernCategory'; code: string; by: string; now: string };

/** The categories in order: the defaults first, then the trust's own in the order added. */
export type ConcernCategoriesState = ConcernCategoryEntry[];

export const DEFAULT_CONCERN_CATEGORIES: ConcernCategoriesState = CONCERN_CATEGORIES.map((code) => ({
  code,
  label: CONCERN_CATEGORY_LABELS[code],
  guidance: CONCERN_CATEGORY_GUIDANCE[code],
  retired: false,
}));

const CODE = /^[a-z][a-z0-9_]{1,59}$/;

/** A code from a label: "Peer-on-peer abuse" → peer_on_peer_abuse. */
export const categoryCodeOf = (label: string): string =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);

function existing(state: ConcernCategoriesState, code: string): ConcernCategoryEntry {
  const found = state.find((c) => c.code === code);
  if (!found) throw new RuleViolation('concern_category.not_found', `No concern category ${code}.`);
  return found;
}

function uniqueLabel(state: ConcernCategoriesState, label: string, code: string): string {
  const text = requireText(label, 'concern_category.label_required', 'label');
  if (text.length > 100) throw new RuleViolation('concern_category.label_too_long', 'A label must be at most 100 characters.');
  const clash = state.find((c) => c.code !== code && !c.retired && c.label.toLowerCase() === text.toLowerCase());
  if (clash) throw new RuleViolation('concern_category.label_taken', `Another category is already called “${text}”.`);
  return text;
}

export function decideConcernCategories(command: ConcernCategoryCommand, state: ConcernCategoriesState): ConcernCategoryEvent[] {
  switch (command.type) {
    case 'AddConcernCategory': {
      if (!CODE.test(command.code)) {
        throw new RuleViolation('concern_category.invalid_code', 'A code is 2 to 60 lower-case letters, digits or underscores.');
      }
      if (state.some((c) => c.code === command.code)) {
        throw new RuleViolation('concern_category.exists', `There is already a category ${command.code} (retired ones keep their code).`);
      }
      const label = uniqueLabel(state, command.label, command.code);
      const guidance = requireText(command.guidance, 'concern_category.guidance_required', 'guidance');
      return [
        { type: 'ConcernCategoryAdded', schemaVersion: 1, data: { code: command.code, label, guidance, by: command.by, at: command.now } },
      ];
    }
    case 'ChangeConcernCategory': {
      const current = existing(state, command.code);
      const label = command.label === undefined ? current.label : uniqueLabel(state, command.label, command.code);
      const guidance =
        command.guidance === undefined ? current.guidance : requireText(command.guidance, 'concern_category.guidance_required', 'guidance');
      if (label === current.label && guidance === current.guidance) return [];
      return [
        {
          type: 'ConcernCategoryChanged',
          schemaVersion: 1,
          data: { code: command.code, label, guidance, by: command.by, at: command.now },
        },
      ];
    }
    case 'RetireConcernCategory': {
      const current = existing(state, command.code);
      if (current.retired) return [];
      if (state.filter((c) => !c.retired).length === 1) {
        throw new RuleViolation('concern_category.last_one', 'A trust keeps at least one category for new concerns.');
      }
      return [{ type: 'ConcernCategoryRetired', schemaVersion: 1, data: { code: command.code, by: command.by, at: command.now } }];
    }
    default:
      return unreachable(command);
  }
}

export function evolveConcernCategories(state: ConcernCategoriesState, event: ConcernCategoryEvent): ConcernCategoriesState {
  switch (event.type) {
    case 'ConcernCategoryAdded':
      return [...state, { code: event.data.code, label: event.data.label, guidance: event.data.guidance, retired: false }];
    case 'ConcernCategoryChanged':
      return state.map((c) => (c.code === event.data.code ? { ...c, label: event.data.label, guidance: event.data.guidance } : c));
    case 'ConcernCategoryRetired':
      return state.map((c) => (c.code === event.data.code ? { ...c, retired: true } : c));
    default:
      return unreachable(event);
  }
}

export const concernCategoriesDecider: Decider<ConcernCategoryCommand, ConcernCategoryEvent, ConcernCategoriesState> = {
  decide: decideConcernCategories,
  evolve: evolveConcernCategories,
  initialState: DEFAULT_CONCERN_CATEGORIES,
};
