/**
 * Which alerts are emailed, to whom and in what words. Pure: the notifier applies it.
 *
 * Email leaves our control, so a message says only what kind of alert, which school and where to
 * look: never a pupil's or an adult's name, nor anything anyone wrote.
 */
import type { AlertAudience, AlertPriority } from '#lib/alerts';
import type { Role } from '#lib/kernel';

export const EMAIL_PREFERENCES = ['immediate', 'digest', 'off'] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];
/** What a person gets for non-urgent alerts until they choose: one email a day. */
export const DEFAULT_EMAIL_PREFERENCE: EmailPreference = 'digest';

export interface AlertToNotify {
  id: string;
  kind: string;
  priority: AlertPriority;
  audience: AlertAudience;
  schoolId: string;
  concernId: string | null;
  aboutStaffId: string | null;
  raisedAt: Date;
}

export interface Recipient {
  staffId: string;
  email: string;
  roles: readonly Role[];
  preference: EmailPreference;
}

/**
 * Urgent: an urgent or immediate-danger concern (to the school's DSLs), its escalations (to the
 * deputy, then the headteacher), an allegation about an adult (to its case manager). These go at
 * once whatever a person chose: a DSL must not miss them. Everything else follows the person's choice.
 */
export function isUrgent(alert: Pick<AlertToNotify, 'kind' | 'priority'>): boolean {
  if (alert.kind === 'concern_raised') return alert.priority === 'high' || alert.priority === 'critical';
  return alert.kind === 'concern_unacknowledged' || alert.kind === 'allegation_raised';
}

/** How each recipient gets it: at once, in their digest, or not at all. The adult a concern is about never does. */
export function deliveryFor(alert: AlertToNotify, recipient: Recipient): 'immediate' | 'digest' | null {
  if (alert.aboutStaffId !== null && alert.aboutStaffId === recipient.staffId) return null;
  if (isUrgent(alert)) return 'immediate';
  return recipient.preference === 'off' ? null : recipient.preference;
}

export interface EmailContent {
  subject: string;
  text: string;
}

const PRIORITY_WORDS: Record<AlertPriority, string> = { critical: 'Immediate danger', high: 'Urgent', medium: 'New', low: 'New' };

/** One alert, at once. `kindLabel` is the inbox's word for the kind ("New concern"). */
export function alertEmail(alert: AlertToNotify, o: { kindLabel: string; schoolName: string; baseUrl: string }): EmailContent {
  const link = alert.concernId ? `${o.baseUrl}/#/concerns/${alert.concernId}` : `${o.baseUrl}/#/inbox`;
  const lead = isUrgent(alert) ? `${PRIORITY_WORDS[alert.priority]}: ` : '';
  return {
    subject: `${lead}${o.kindLabel} — ${o.schoolName}`,
    text: [
      `${lead}${o.kindLabel} at ${o.schoolName}.`,
      '',
      'Sign in to the safeguarding platform to see it:',
      link,
      '',
      'This email says nothing about who is involved, on purpose: the record stays in the platform.',
    ].join('\n'),
  };
}

/** A day's non-urgent alerts for one person: how many of each kind, by school. */
export function digestEmail(items: { kindLabel: string; schoolName: string }[], o: { baseUrl: string; date: string }): EmailContent {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(`${i.kindLabel} — ${i.schoolName}`, (counts.get(`${i.kindLabel} — ${i.schoolName}`) ?? 0) + 1);
  const lines = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([what, n]) => `- ${what}: ${n}`);
  return {
    subject: `Safeguarding platform: ${items.length} new alert${items.length === 1 ? '' : 's'} (${o.date})`,
    text: [
      `New alerts for you since your last digest:`,
      '',
      ...lines,
      '',
      'Sign in to see them:',
      `${o.baseUrl}/#/inbox`,
      '',
      'Choose immediate emails, this daily digest or none: ' + `${o.baseUrl}/#/settings/notifications`,
    ].join('\n'),
  };
}

/** Which accounts an audience means: that role in the school (the trust's safeguarding lead: in its trust). */
export const AUDIENCE_ROLE: Record<AlertAudience, Role> = {
  dsl: 'dsl',
  deputy_dsl: 'deputy_dsl',
  headteacher: 'headteacher',
  trust_safeguarding_lead: 'trust_safeguarding_lead',
};
