import { type AlertActions, type AlertNeed, alertRules } from '#lib/alerts';
import { startOfLondonDay } from '#lib/kernel';
import type { PupilEvent } from '../domain/events.js';

export const PUPIL_ALERT_KINDS = ['behaviour_plan_review_due'] as const;

const REVIEW_DUE = 'behaviour_plan_review_due';

const pupilIdOf = (streamId: string) => streamId.slice('pupil-'.length);

/**
 * A behaviour support plan's review falls due: raised at the start of the review date (the day the
 * school agreed to look at it again). Writing a revision or recording the review resolves the alert
 * and arms the next date.
 */
export function pupilAlertRules() {
  const replan = {
    needs: (e: { streamId: string }, need: AlertNeed) => need.firedAlerts(REVIEW_DUE, pupilIdOf(e.streamId)),
    act: (
      e: { streamId: string; eventId: string; recordedAt: string; metadata: { schoolId: string | null } },
      a: AlertActions,
      plan: { dueOn: string; by: string; note: string },
    ) => {
      const pupilId = pupilIdOf(e.streamId);
      const at = new Date(e.recordedAt);
      a.resolveFired(REVIEW_DUE, pupilId, at, plan.by, plan.note);
      a.disarm(REVIEW_DUE, pupilId);
      if (!e.metadata.schoolId) return;
      a.arm(pupilId, startOfLondonDay(plan.dueOn), at, {
        // One cause per plan or review: a review that keeps the same date still gets its own reminder.
        cause: `${REVIEW_DUE}:${pupilId}:${e.eventId}`,
        kind: REVIEW_DUE,
        priority: 'medium',
        escalationLevel: 0,
        audience: 'dsl',
        schoolId: e.metadata.schoolId,
        subject: { pupilId },
        message: `The behaviour support plan is due for review on ${plan.dueOn}`,
      });
    },
  };

  return alertRules<PupilEvent>()({
    family: 'pupils',
    kinds: PUPIL_ALERT_KINDS,
    entities: [],
    migrations: [],
    handlers: {
      BehaviourPlanRecorded: {
        needs: replan.needs,
        act: (e, a) =>
          replan.act(e, a, { dueOn: e.data.reviewDueOn, by: e.data.recordedBy, note: `Plan revised (revision ${e.data.revision})` }),
      },
      BehaviourPlanReviewed: {
        needs: replan.needs,
        act: (e, a) =>
          replan.act(e, a, { dueOn: e.data.nextReviewDueOn, by: e.data.reviewedBy, note: `Plan reviewed on ${e.data.reviewedOn}` }),
      },
    },
  });
}
