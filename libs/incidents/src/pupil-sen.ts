import type { PupilEvent } from '#lib/pupils';
import type { PupilSenAtTheTime } from './domain/vocabulary.js';

/**
 * The pupil's SEN status in force at `instant`: the registered status, then every change made up to
 * that moment. An incident recorded days later keeps the status the child had when it happened.
 * Null when the stream holds no registration.
 */
export function senStatusAt(events: readonly PupilEvent[], instant: string): PupilSenAtTheTime | null {
  const at = Date.parse(instant);
  let status: PupilSenAtTheTime | null = null;
  for (const event of events) {
    if (event.type === 'PupilRegistered') status = { sen: event.data.sen, ehcp: event.data.ehcp };
    else if (event.type === 'PupilSenStatusChanged' && status !== null && Date.parse(event.data.changedAt) <= at)
      status = { sen: event.data.sen, ehcp: event.data.ehcp };
  }
  return status;
}
