/**
 * An alert's lifecycle (raised → acknowledged → resolved) as events on the stream `alert-<id>`.
 * The alert itself is raised by the projection, not by a command, so whether it exists comes from
 * the read model: the handler looks it up and says so in the command.
 */
import { type Decider, type DomainEvent, requireText, RuleViolation } from '#lib/kernel';

export const alertStream = (alertId: string): string => `alert-${alertId}`;

export const MAX_RESOLUTION_NOTE_LENGTH = 2000;

export type AlertAcknowledged = DomainEvent<'AlertAcknowledged', { alertId: string; acknowledgedBy: string; acknowledgedAt: string }>;
export type AlertResolved = DomainEvent<'AlertResolved', { alertId: string; note: string; resolvedBy: string; resolvedAt: string }>;
export type AlertLifecycleEvent = AlertAcknowledged | AlertResolved;
export const ALERT_LIFECYCLE_EVENT_TYPES: readonly AlertLifecycleEvent['type'][] = ['AlertAcknowledged', 'AlertResolved'];

export interface AcknowledgeAlert {
  type: 'AcknowledgeAlert';
  alertId: string;
  /** Found in the alerts read model (and visible to the caller). */
  alertExists: boolean;
  by: string;
  now: string;
}

export interface ResolveAlert {
  type: 'ResolveAlert';
  alertId: string;
  alertExists: boolean;
  note: string;
  by: string;
  now: string;
}

export type AlertLifecycleCommand = AcknowledgeAlert | ResolveAlert;

export interface AlertLifecycleState {
  acknowledged: boolean;
  resolved: boolean;
}

export function decideAlertLifecycle(command: AlertLifecycleCommand, state: AlertLifecycleState): AlertLifecycleEvent[] {
  if (!command.alertExists) throw new RuleViolation('alert.not_found', 'No such alert.');
  const acknowledged: AlertAcknowledged = {
    type: 'AlertAcknowledged',
    schemaVersion: 1,
    data: { alertId: command.alertId, acknowledgedBy: command.by, acknowledgedAt: command.now },
  };
  if (command.type === 'AcknowledgeAlert') {
    if (state.acknowledged) throw new RuleViolation('alert.already_acknowledged', 'This alert has already been acknowledged.');
    return [acknowledged];
  }
  if (state.resolved) throw new RuleViolation('alert.already_resolved', 'This alert has already been resolved.');
  const note = requireText(command.note, 'alert.note_required', 'note');
  if (note.length > MAX_RESOLUTION_NOTE_LENGTH) {
    throw new RuleViolation('alert.note_too_long', `The note must be at most ${MAX_RESOLUTION_NOTE_LENGTH} characters.`);
  }
  const resolved: AlertResolved = {
    type: 'AlertResolved',
    schemaVersion: 1,
    data: { alertId: command.alertId, note, resolvedBy: command.by, resolvedAt: command.now },
  };
  // Resolving is taking the alert on, so one still open is acknowledged by the same person first.
  return state.acknowledged ? [resolved] : [acknowledged, resolved];
}

export function evolveAlertLifecycle(state: AlertLifecycleState, event: AlertLifecycleEvent): AlertLifecycleState {
  switch (event.type) {
    case 'AlertAcknowledged':
      return { ...state, acknowledged: true };
    case 'AlertResolved':
      return { acknowledged: true, resolved: true };
  }
}

export const alertLifecycleDecider: Decider<AlertLifecycleCommand, AlertLifecycleEvent, AlertLifecycleState> = {
  decide: decideAlertLifecycle,
  evolve: evolveAlertLifecycle,
  initialState: { acknowledged: false, resolved: false },
};
