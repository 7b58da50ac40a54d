import type { EventData } from '@kurrent/kurrentdb-client';
import type { KurrentRecord } from './mapping.js';

/** What a KurrentDB server hands back for an appended event: the JSON round-tripped, revision, position and `created` added. */
export function asStored(
  streamId: string,
  revision: number,
  data: EventData,
  position: bigint,
  created = new Date('2026-03-01T09:15:01.234Z'),
): KurrentRecord {
  return {
    streamId,
    id: data.id,
    revision: BigInt(revision),
    type: data.type,
    created,
    isJson: data.contentType === 'application/json',
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: JSON.parse(JSON.stringify(data.metadata)),
    position: { commit: position, prepare: position },
  };
}
