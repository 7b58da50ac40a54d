import type { IncidentRecordedV1Data } from './events.js';
import { INTERVENTION_TYPE_OF_FORCE_TYPE, type IncidentForceType } from './vocabulary.js';

/**
 * Reads an incident event stored under an older schema version as the current one (the shape the
 * event store's upcaster chain takes). Stored events are never rewritten, so their hashes and the
 * seals over them stay as they were. Personal-data fields keep their paths: the store upcasts
 * before they are decrypted.
 */
export interface IncidentUpcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown): unknown;
}

const interventionOf = (forceType: IncidentForceType) => INTERVENTION_TYPE_OF_FORCE_TYPE[forceType] ?? 'physical_restraint';

export const INCIDENT_UPCASTERS: readonly IncidentUpcaster[] = [
  {
    // v1: a force type and two free-text injuries. The type is mapped; the force type as recorded
    // and the free text are kept beside it, and no structured injury is invented from the text.
    type: 'IncidentRecorded',
    fromVersion: 1,
    upcast: (data) => {
      const d = data as IncidentRecordedV1Data;
      return { ...d, interventionType: interventionOf(d.forceType), injuries: [] };
    },
  },
  {
    // A v1 correction of the force type is a correction of the intervention type now.
    type: 'IncidentCorrected',
    fromVersion: 1,
    upcast: (data) => {
      const d = data as { field: string; value: unknown };
      return d.field === 'forceType' ? { ...d, field: 'interventionType', value: interventionOf(d.value as IncidentForceType) } : d;
    },
  },
];

/** One stored incident event as its current version (for reads straight from the events table). */
export function upcastIncidentEvent(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
  let version = schemaVersion;
  let current = data;
  for (let step = find(type, version); step; step = find(type, version)) {
    current = step.upcast(current);
    version += 1;
  }
  return { schemaVersion: version, data: current };
}

const find = (type: string, fromVersion: number) => INCIDENT_UPCASTERS.find((u) => u.type === type && u.fromVersion === fromVersion);
