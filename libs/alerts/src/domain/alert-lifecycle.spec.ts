import { DeciderSpecification } from '#lib/kernel';
import { alertLifecycleDecider, type AlertLifecycleEvent } from './alert-lifecycle.js';

const alertId = '7d1f6c0e-2f35-8a4b-9c1d-0e2f3a4b5c6d';
const now = '2026-03-02T09:20:00.000Z';
const by = 'dsl-1';
const spec = () => DeciderSpecification.for(alertLifecycleDecider);

const acknowledged: AlertLifecycleEvent = {
  type: 'AlertAcknowledged',
  schemaVersion: 1,
  data: { alertId, acknowledgedBy: by, acknowledgedAt: now },
};
const resolved: AlertLifecycleEvent = {
  type: 'AlertResolved',
  schemaVersion: 1,
  data: { alertId, note: 'Spoke to the family', resolvedBy: by, resolvedAt: now },
};
const acknowledge = { type: 'AcknowledgeAlert' as const, alertId, alertExists: true, by, now };
const resolve = { type: 'ResolveAlert' as const, alertId, alertExists: true, note: '  Spoke to the family ', by, now };

describe('alert lifecycle', () => {
  it('acknowledges an open alert', () => spec().given([]).when(acknowledge).then([acknowledged]));

  it('acknowledges only once', () => spec().given([acknowledged]).when(acknowledge).thenThrows('alert.already_acknowledged'));

  it('resolves an acknowledged alert with a note', () => spec().given([acknowledged]).when(resolve).then([resolved]));

  it('resolving an open alert acknowledges it first', () => spec().given([]).when(resolve).then([acknowledged, resolved]));

  it('resolves only once', () => spec().given([acknowledged, resolved]).when(resolve).thenThrows('alert.already_resolved'));

  it('cannot acknowledge a resolved alert again', () =>
    spec().given([acknowledged, resolved]).when(acknowledge).thenThrows('alert.already_acknowledged'));

  it('needs a note to resolve', () =>
    spec()
      .given([acknowledged])
      .when({ ...resolve, note: '   ' })
      .thenThrows('alert.note_required'));

  it('refuses a note over the limit', () =>
    spec()
      .given([])
      .when({ ...resolve, note: 'x'.repeat(2001) })
      .thenThrows('alert.note_too_long'));

  it('cannot acknowledge or resolve an alert that does not exist', () => {
    spec()
      .given([])
      .when({ ...acknowledge, alertExists: false })
      .thenThrows('alert.not_found');
    spec()
      .given([])
      .when({ ...resolve, alertExists: false })
      .thenThrows('alert.not_found');
  });
});
