import {
  alertRules,
  type AlertActions,
  type AlertAudience,
  type AlertNeed,
  type AlertPriority,
  type AlertSubject,
  type AlertThresholds,
} from '#lib/alerts';
import type { RecordedOf } from '#lib/read-models';
import { addMonths, addWorkingDays, endOfLondonDay, londonDate } from '#lib/kernel';
import type { ConcernEvent } from '../domain/events.js';
import { CONCERN_CATEGORY_LABELS, type ConcernCategory, REFERRAL_AGENCY_LABELS, type ReferralAgency } from '../domain/vocabulary.js';
import { AlertConcern, AlertPupilConcern, AlertReferral } from './concern-alert.entities.js';
import { ConcernAlertTables1796139518445 } from './migrations/1796139518445-concern-alert-tables.js';

export const CONCERN_ALERT_KINDS = [
  'concern_raised',
  'concern_unacknowledged',
  'pupil_concern_pattern',
  'adult_low_level_pattern',
  'allegation_raised',
  'lado_referral_due',
  'referral_response_overdue',
] as const;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const URGENCY_PRIORITY: Record<string, AlertPriority> = { routine: 'medium', urgent: 'high', immediate_danger: 'critical' };
const URGENCY_WORDS: Record<string, string> = { routine: 'routine', urgent: 'urgent', immediate_danger: 'immediate-danger' };

const concernIdOf = (streamId: string) => streamId.slice('concern-'.length);

// Messages are read by people: codes in them are said in words.
const categoryLabel = (c: ConcernCategory): string => (CONCERN_CATEGORY_LABELS as Record<string, string>)[c] ?? c;

type Raised = RecordedOf<ConcernEvent, 'ConcernRaised'>;

/** Who a concern about an adult is about: the member of staff, or the name as given. */
function adultKeyOf(d: Raised['data']): string | null {
  const adult = d.aboutAdult;
  return adult ? (adult.staffId ? `staff:${adult.staffId}` : `name:${(adult.name ?? '').trim().toLowerCase()}`) : null;
}

/** Who hears of a concern's referrals: its handler — the DSL, or for a concern about an adult its case manager. */
function handlerOf(concern: AlertConcern): { audience: AlertAudience; aboutStaffId: string | null } {
  const aboutStaffId = concern.adultKey?.startsWith('staff:') ? concern.adultKey.slice('staff:'.length) : null;
  if (concern.adultKey === null) return { audience: 'dsl', aboutStaffId };
  return { audience: concern.routedTo === 'trust_safeguarding_lead' ? 'trust_safeguarding_lead' : 'headteacher', aboutStaffId };
}

const referralCause = (referralId: string, round: number) => `referral_response_overdue:${referralId}:${round}`;

/**
 * Working Together 2023: the agency acknowledges a referral and decides next steps within one
 * working day, and the referrer follows up when they have not heard. So a referral (or its latest
 * follow-up) with no response by the end of the next working day alerts the concern's handler.
 */
function armReferralWait(
  a: AlertActions,
  concern: AlertConcern,
  referral: { referralId: string; agency: string; round: number },
  from: string,
  armedAt: Date,
): void {
  const due = addWorkingDays(londonDate(from), 1);
  const { audience, aboutStaffId } = handlerOf(concern);
  const agency = REFERRAL_AGENCY_LABELS[referral.agency as ReferralAgency] ?? referral.agency;
  a.arm(referral.referralId, endOfLondonDay(due), armedAt, {
    cause: referralCause(referral.referralId, referral.round),
    kind: 'referral_response_overdue',
    priority: 'high',
    escalationLevel: 0,
    audience,
    schoolId: concern.schoolId,
    subject: { ...(concern.pupilIds[0] ? { pupilId: concern.pupilIds[0] } : {}), concernId: concern.concernId },
    message: `No response from ${agency} to a referral${referral.round > 0 ? ' followed up' : ''} by the end of the next working day (${due}): follow it up, and escalate if needed`,
    aboutStaffId,
  });
}

/** A referral's answer, or a follow-up, closes the wait: its alert (if raised) is resolved, its timer disarmed. */
const referralStep = (followUp: boolean) => ({
  needs: (e: { streamId: string; data: { referralId: string } }, need: AlertNeed) => {
    need.key(AlertReferral, { referralId: e.data.referralId });
    need.timers('referral_response_overdue', e.data.referralId);
    need.key(AlertConcern, { concernId: concernIdOf(e.streamId) });
    need.alertsAbout('referral_response_overdue', concernIdOf(e.streamId));
  },
  act: (
    e: { streamId: string; recordedAt: string; metadata: { actorId: string }; data: { referralId: string; followedUpAt?: string } },
    a: AlertActions,
  ) => {
    const referrals = a.rows.of(AlertReferral);
    const waiting = referrals.get({ referralId: e.data.referralId });
    if (!waiting) return;
    const at = new Date(e.recordedAt);
    a.disarm('referral_response_overdue', waiting.referralId);
    a.resolveAbout(
      { kind: 'referral_response_overdue', concernId: waiting.concernId },
      `referral_response_overdue:${waiting.referralId}:`,
      {
        resolvedAt: at,
        resolvedBy: e.metadata.actorId,
        note: followUp ? 'The referral was followed up' : "The agency's response was recorded",
      },
    );
    const concern = a.rows.of(AlertConcern).get({ concernId: concernIdOf(e.streamId) });
    if (!followUp || !concern || e.data.followedUpAt === undefined) {
      referrals.delete(waiting);
      return;
    }
    const next = referrals.update(waiting, { round: waiting.round + 1 })!;
    armReferralWait(a, concern, next, e.data.followedUpAt, at);
  },
});

/**
 * The concern rules: every new concern alerts the DSL (a concern about an adult, its case manager
 * only); an urgent one nobody acknowledges escalates; an allegation not referred to the LADO in time;
 * patterns of concerns about one pupil, and of low-level concerns about one adult.
 */
export function concernAlertRules(t: AlertThresholds) {
  const takenOn = (closed: boolean) => ({
    needs: (e: { streamId: string }, need: AlertNeed) => {
      need.key(AlertConcern, { concernId: concernIdOf(e.streamId) });
      need.timers('concern_unacknowledged', concernIdOf(e.streamId));
    },
    act: (e: { streamId: string; recordedAt: string }, a: AlertActions) => {
      const concernId = concernIdOf(e.streamId);
      const at = new Date(e.recordedAt);
      const concerns = a.rows.of(AlertConcern);
      const concern = concerns.get({ concernId });
      if (concern) concerns.update(concern, { acknowledgedAt: concern.acknowledgedAt ?? at, ...(closed ? { closedAt: at } : {}) });
      a.disarm('concern_unacknowledged', concernId);
    },
  });

  return alertRules<ConcernEvent>()({
    family: 'concerns',
    kinds: CONCERN_ALERT_KINDS,
    entities: [AlertConcern, AlertPupilConcern, AlertReferral],
    migrations: [ConcernAlertTables1796139518445],
    handlers: {
      ConcernRaised: {
        needs: (e, need) => {
          const schoolId = e.metadata.schoolId;
          if (!schoolId) return;
          const d = e.data;
          const adultKey = adultKeyOf(d);
          if (!d.aboutAdult) {
            for (const pupilId of d.pupilIds) {
              need.where(AlertPupilConcern, { pupilId });
              need.claims('pupil_concern_pattern', pupilId);
            }
          } else if (d.lowLevel && adultKey) {
            need.where(AlertConcern, { adultKey, schoolId });
            need.claims('adult_low_level_pattern', `${schoolId}:${adultKey}`);
          }
        },
        act: (e, a) => {
          const schoolId = e.metadata.schoolId;
          if (!schoolId) return;
          const d = e.data;
          const recordedAt = new Date(e.recordedAt);
          const occurredAt = new Date(d.occurredAt);
          const adult = d.aboutAdult;
          const adultKey = adultKeyOf(d);
          const inserted = a.rows.of(AlertConcern).insert({
            concernId: d.concernId,
            schoolId,
            pupilIds: d.pupilIds,
            urgency: d.urgency,
            adultKey,
            lowLevel: d.lowLevel,
            occurredAt,
            recordedAt,
            acknowledgedAt: null,
            closedAt: null,
            routedTo: d.routedTo,
          });
          if (!inserted) return;
          const subject: AlertSubject = {
            ...(d.pupilIds[0] ? { pupilId: d.pupilIds[0] } : {}),
            concernId: d.concernId,
            ...(adult?.staffId ? { staffId: adult.staffId } : {}),
          };
          const urgency = URGENCY_WORDS[d.urgency] ?? d.urgency;
          // KCSIE part four: a concern about an adult goes to its case manager only (the headteacher, or the
          // trust's safeguarding lead when it is about the headteacher) — a DSL or deputy may be that adult —
          // and none of its alerts is ever shown to the adult concerned (aboutStaffId).
          const caseManager: AlertAudience | null = adult
            ? d.routedTo === 'trust_safeguarding_lead'
              ? 'trust_safeguarding_lead'
              : 'headteacher'
            : null;
          const about = { aboutStaffId: adult?.staffId ?? null };
          const allegation = adult !== null && !d.lowLevel;
          a.raise(
            {
              cause: `concern_raised:${d.concernId}`,
              kind: allegation ? 'allegation_raised' : 'concern_raised',
              priority: allegation && d.urgency === 'routine' ? 'high' : (URGENCY_PRIORITY[d.urgency] ?? 'medium'),
              escalationLevel: 0,
              audience: caseManager ?? 'dsl',
              schoolId,
              subject,
              message: adult
                ? `New ${urgency} ${d.lowLevel ? 'low-level concern' : 'allegation'} about an adult${d.selfReport ? ' (a self-report)' : ''}`
                : `New ${urgency} concern${d.pupilIds.length > 1 ? ` about ${d.pupilIds.length} pupils` : ''}: ${d.categories.map(categoryLabel).join(', ')}`,
              ...about,
            },
            recordedAt,
          );

          if (d.urgency !== 'routine') {
            const escalate = (level: 1 | 2, minutes: number, to: AlertAudience) =>
              a.arm(d.concernId, new Date(recordedAt.getTime() + minutes * MINUTE_MS), recordedAt, {
                cause: `concern_unacknowledged:${d.concernId}:${level}`,
                kind: 'concern_unacknowledged',
                priority: level === 2 || d.urgency === 'immediate_danger' ? 'critical' : 'high',
                escalationLevel: level,
                audience: to,
                schoolId,
                subject,
                message: `An ${urgency} concern${adult ? ' about an adult' : ''} has not been acknowledged ${minutes} minutes after it was raised`,
                ...about,
              });
            // The ladder of a concern about an adult never leaves its case manager: they are reminded instead.
            if (caseManager === null) {
              escalate(1, t.escalateToDeputyMinutes, 'deputy_dsl');
              escalate(2, t.escalateToHeadteacherMinutes, 'headteacher');
            } else {
              escalate(2, t.escalateToHeadteacherMinutes, caseManager);
            }
          }

          if (allegation && caseManager) {
            // KCSIE part four: an allegation that may meet the harm threshold is referred to the LADO within one working day.
            const due = addWorkingDays(londonDate(e.recordedAt), 1);
            a.arm(d.concernId, endOfLondonDay(due), recordedAt, {
              cause: `lado_referral_due:${d.concernId}`,
              kind: 'lado_referral_due',
              priority: 'high',
              escalationLevel: 0,
              audience: caseManager,
              schoolId,
              subject,
              message: `An allegation about an adult has not been referred to the LADO by the end of the next working day (${due})`,
              ...about,
            });
          }

          if (!adult) {
            const pupilConcerns = a.rows.of(AlertPupilConcern);
            for (const pupil of d.pupilIds) {
              pupilConcerns.insert({ pupilId: pupil, concernId: d.concernId, occurredAt });
              a.cluster({
                kind: 'pupil_concern_pattern',
                subject: pupil,
                items: pupilConcerns.where({ pupilId: pupil }).map((c) => ({ id: c.concernId, at: c.occurredAt })),
                added: { id: d.concernId, at: occurredAt },
                windowEnd: (start) => new Date(start.getTime() + t.pupilConcernPatternDays * DAY_MS),
                count: t.pupilConcernPatternCount,
                raisedAt: recordedAt,
                alert: (cause, n) => ({
                  cause,
                  kind: 'pupil_concern_pattern',
                  priority: 'high',
                  escalationLevel: 0,
                  audience: 'dsl',
                  schoolId,
                  subject: { pupilId: pupil, concernId: d.concernId },
                  message: `${n} concerns about this pupil within ${t.pupilConcernPatternDays} days: look at the whole picture`,
                }),
              });
            }
          } else if (d.lowLevel && adultKey && caseManager) {
            a.cluster({
              kind: 'adult_low_level_pattern',
              subject: `${schoolId}:${adultKey}`,
              items: a.rows
                .of(AlertConcern)
                .where({ adultKey, schoolId })
                .filter((c) => c.lowLevel)
                .map((c) => ({ id: c.concernId, at: c.occurredAt })),
              added: { id: d.concernId, at: occurredAt },
              windowEnd: (start) => addMonths(start, t.adultLowLevelMonths),
              count: t.adultLowLevelCount,
              raisedAt: recordedAt,
              alert: (cause, n) => ({
                cause,
                kind: 'adult_low_level_pattern',
                priority: 'high',
                escalationLevel: 0,
                audience: caseManager,
                schoolId,
                subject: { concernId: d.concernId, ...(adult?.staffId ? { staffId: adult.staffId } : {}) },
                message: `${n} low-level concerns about the same adult within ${t.adultLowLevelMonths} months: consider whether they meet the harm threshold`,
                ...about,
              }),
            });
          }
        },
      },
      ConcernAcknowledged: takenOn(false),
      ConcernTriaged: takenOn(false),
      ConcernClosed: takenOn(true),
      LadoReferralRecorded: {
        needs: (e, need) => need.timers('lado_referral_due', concernIdOf(e.streamId)),
        act: (e, a) => a.disarm('lado_referral_due', concernIdOf(e.streamId)),
      },
      ReferralMade: {
        needs: (e, need) => need.key(AlertConcern, { concernId: concernIdOf(e.streamId) }),
        act: (e, a) => {
          const concern = a.rows.of(AlertConcern).get({ concernId: concernIdOf(e.streamId) });
          if (!concern) return;
          const referral = { referralId: e.data.referralId, concernId: concern.concernId, agency: e.data.agency, round: 0 };
          if (!a.rows.of(AlertReferral).insert(referral)) return;
          armReferralWait(a, concern, referral, e.data.referredAt, new Date(e.recordedAt));
        },
      },
      ReferralFollowedUp: referralStep(true),
      ReferralResponseRecorded: referralStep(false),
    },
  });
}
