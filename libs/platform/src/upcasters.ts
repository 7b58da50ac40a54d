import { UpcasterChain } from '#lib/event-store';
import { INCIDENT_UPCASTERS } from '#lib/incidents';

/**
 * Every feature's upcasters: events stored under an older schema read as the current one. Given to
 * every event store the platform, the deployables, the replay command and the tests open.
 */
export const eventUpcasters = (): UpcasterChain => new UpcasterChain([...INCIDENT_UPCASTERS]);
