import { commandServiceFor } from './command-forwarding.js';

const routes = {
  concerns: 'safeguarding',
  alerts: 'safeguarding',
  incidents: 'incidents',
  staff: 'workforce',
  'training-reference': 'workforce',
} as const;
import { highestCheckpoint } from './projection-consumer.js';
import { ALL_TOPICS, OTHER_EVENTS_TOPIC, topicOf } from './topics.js';

describe('topics', () => {
  it('puts each stream in its family topic, and unknown streams in the catch-all', () => {
    expect(topicOf('concern-1b2c')).toBe('safeguarding.concern-events');
    expect(topicOf('incident-1b2c')).toBe('incidents.incident-events');
    expect(topicOf('staff-1b2c')).toBe('workforce.workforce-events');
    expect(topicOf('cover-1b2c')).toBe('workforce.workforce-events');
    expect(topicOf('pupil-1b2c')).toBe('safeguarding.pupil-events');
    expect(topicOf('alert-1b2c')).toBe('safeguarding.alert-events');
    expect(topicOf('views-1b2c')).toBe('audit.view-events');
    expect(topicOf('seal')).toBe(OTHER_EVENTS_TOPIC);
    expect(topicOf('concerned-1')).toBe(OTHER_EVENTS_TOPIC);
    expect(new Set(ALL_TOPICS).size).toBe(ALL_TOPICS.length);
  });
});

describe('command forwarding', () => {
  it('routes writes by their first path segment and leaves reads and sign-in to the gateway', () => {
    expect(commandServiceFor(routes, 'POST', '/api/concerns')).toBe('safeguarding');
    expect(commandServiceFor(routes, 'POST', '/api/concerns/9/triage')).toBe('safeguarding');
    expect(commandServiceFor(routes, 'POST', '/api/alerts/9/acknowledge')).toBe('safeguarding');
    expect(commandServiceFor(routes, 'POST', '/api/incidents?x=1')).toBe('incidents');
    expect(commandServiceFor(routes, 'POST', '/api/staff/9/training')).toBe('workforce');
    expect(commandServiceFor(routes, 'PUT', '/api/training-reference')).toBe('workforce');
    expect(commandServiceFor(routes, 'GET', '/api/concerns')).toBeNull();
    expect(commandServiceFor(routes, 'POST', '/api/auth/login')).toBeNull();
    expect(commandServiceFor(routes, 'POST', '/elsewhere/concerns')).toBeNull();
  });
});

describe('the delivered checkpoint', () => {
  it('is the highest in global order (transaction first, then position)', () => {
    const at = (transactionId: string, globalPosition: string) => ({ checkpoint: { transactionId, globalPosition } });
    expect(highestCheckpoint([at('10', '5'), at('12', '3'), at('12', '2'), at('9', '99')])).toEqual({
      transactionId: '12',
      globalPosition: '3',
    });
    expect(highestCheckpoint([])).toBeNull();
  });
});
