import { useSyncExternalStore } from 'react';
import { api } from '../session/api.js';

/**
 * The school's words for the codes the API uses, as the server serves them (GET /api/vocabulary):
 * one list, kept beside the code lists it names, never a copy in the client.
 */
export type Section =
  | 'reportGroups'
  | 'reportInterventionTypes'
  | 'allegationOutcomeHints'
  | 'allegationOutcomes'
  | 'alertFamilies'
  | 'alertKinds'
  | 'alertPriorities'
  | 'alertStatuses'
  | 'bodyMapRegions'
  | 'chronologyKinds'
  | 'closureReasons'
  | 'concernCategories'
  | 'concernEvents'
  | 'concernRoutes'
  | 'concernStatuses'
  | 'consentBases'
  | 'courses'
  | 'cpTransferEvents'
  | 'cpTransferStatuses'
  | 'debriefKinds'
  | 'deEscalation'
  | 'dslEntryKinds'
  | 'escalationLevels'
  | 'forceTypes'
  | 'holds'
  | 'incidentEvents'
  | 'incidentFields'
  | 'incidentFollowUps'
  | 'incidentReasons'
  | 'injuredPersons'
  | 'interventionTypes'
  | 'interventionTypesUsingHolds'
  | 'jobRoles'
  | 'parentNotificationMethods'
  | 'parentRelationships'
  | 'projections'
  | 'referralAgencies'
  | 'referralOutcomes'
  | 'riskLevels'
  | 'roles'
  | 'teamTeachBreaches'
  | 'teamTeachChecks'
  | 'trainingStatuses'
  | 'triageDecisions'
  | 'urgencies'
  | 'urgencyHints';

export type Words = Partial<Record<Section, Record<string, string>>>;

let words: Words | undefined;
let loading: { token: string; promise: Promise<void> } | undefined;
const listeners = new Set<() => void>();

/** A code no list names yet (a newer server) still reads as words, never as snake_case. */
export const humanise = (code: string): string => {
  const text = code.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** Loads the words once per session (a trust's own course titles depend on who signed in). */
export function loadVocabulary(token: string): Promise<void> {
  if (loading?.token === token) return loading.promise;
  const promise = api.get<Words>('/vocabulary').then(
    (body) => {
      words = body;
      listeners.forEach((l) => l());
    },
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  loading = { token, promise };
  return promise;
}

const snapshot = () => words;

/** The words once loaded; the app waits for them before it shows a signed-in page. */
export function useVocabularyLoaded(): boolean {
  return (
    useSyncExternalStore(
      (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      snapshot,
      snapshot,
    ) !== undefined
  );
}

/** The label of one code. */
export const label = (section: Section, code: string | number | undefined | null): string => {
  if (code === undefined || code === null || code === '') return '—';
  return words?.[section]?.[String(code)] ?? humanise(String(code));
};

/** Every code of a list with its label, in the server's order. */
export const entries = (section: Section): [string, string][] => Object.entries(words?.[section] ?? {});

export const codes = (section: Section): string[] => Object.keys(words?.[section] ?? {});
