import { useState } from 'react';
import { formatDate, todayIso } from '../components/time.js';
import { describedBy, ErrorSummary, FieldError, LoadState, useCommand, useLoad } from '../components/ui.js';
import { api, ApiError } from '../session/api.js';
import { isSafeguardingLead, useSession } from '../session/session.js';

interface Plan {
  revision: number;
  summary: string;
  reviewDueOn: string;
  recordedAt: string;
  reviews: { notes: string; reviewedOn: string; nextReviewDueOn: string }[];
  version: number;
}

/** The plan in force, or null when the pupil has none. */
async function loadPlan(id: string): Promise<Plan | null> {
  try {
    return await api.get<Plan>(`/pupils/${encodeURIComponent(id)}/behaviour-support-plan`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/**
 * The pupil's behaviour support (positive handling) plan: every member of staff reads it (they may
 * meet the child in a crisis); the DSL, deputies and the headteacher write, revise and review it.
 */
export function BehaviourPlanSection({ id }: { id: string }) {
  const user = useSession()?.user;
  const plan = useLoad(() => loadPlan(id), [id]);
  const writes = isSafeguardingLead(user) && !!user?.schoolId;
  const today = todayIso();
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Behaviour support plan</h2>
      <LoadState loaded={plan} what="behaviour support plan" />
      {plan.data === null && <p>No behaviour support plan is recorded.</p>}
      {plan.data && (
        <>
          <p className="plan-summary">{plan.data.summary}</p>
          <dl className="facts">
            <dt>Revision</dt>
            <dd>
              {plan.data.revision}, written {formatDate(plan.data.recordedAt)}
            </dd>
            <dt>Review due</dt>
            <dd>
              {formatDate(plan.data.reviewDueOn)}
              {plan.data.reviewDueOn <= today ? ' (due now)' : ''}
            </dd>
            {plan.data.reviews.length > 0 && (
              <>
                <dt>Last reviewed</dt>
                <dd>
                  {formatDate(plan.data.reviews.at(-1)!.reviewedOn)}: {plan.data.reviews.at(-1)!.notes}
                </dd>
              </>
            )}
          </dl>
        </>
      )}
      {writes && plan.data !== undefined && <PlanForms id={id} plan={plan.data} reload={plan.reload} />}
    </section>
  );
}

function PlanForms({ id, plan, reload }: { id: string; plan: Plan | null; reload: () => void }) {
  const cmd = useCommand(reload, 'plan');
  const [summary, setSummary] = useState(plan?.summary ?? '');
  const [reviewDueOn, setReviewDueOn] = useState('');
  const [notes, setNotes] = useState('');
  const [nextReviewDueOn, setNextReviewDueOn] = useState('');
  const errors = cmd.problem?.fields ?? {};
  return (
    <>
      <form
        className="panel"
        aria-label={plan ? 'Revise the plan' : 'Write the plan'}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void cmd.run(
            () => api.post(`/pupils/${id}/behaviour-support-plan`, { summary, reviewDueOn }),
            plan ? 'Plan revised.' : 'Plan recorded.',
          );
        }}
      >
        <ErrorSummary problem={cmd.problem} />
        <div className="field">
          <label htmlFor="field-summary">What staff do (triggers, early signs, what helps, agreed responses)</label>
          <FieldError field="summary" errors={errors} />
          <textarea
            id="field-summary"
            rows={5}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
            {...describedBy('summary', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-reviewDueOn">Review due on</label>
          <FieldError field="reviewDueOn" errors={errors} />
          <input
            id="field-reviewDueOn"
            type="date"
            value={reviewDueOn}
            onChange={(e) => setReviewDueOn(e.target.value)}
            {...describedBy('reviewDueOn', errors)}
          />
        </div>
        <button type="submit" disabled={cmd.busy}>
          {plan ? 'Save a revision' : 'Save the plan'}
        </button>
      </form>
      {plan && (
        <form
          className="panel"
          aria-label="Record a review"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void cmd.run(() => api.post(`/pupils/${id}/behaviour-support-plan/review`, { notes, nextReviewDueOn }), 'Review recorded.');
          }}
        >
          <div className="field">
            <label htmlFor="field-notes">What the review found</label>
            <FieldError field="notes" errors={errors} />
            <textarea
              id="field-notes"
              rows={3}
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
              {...describedBy('notes', errors)}
            />
          </div>
          <div className="field">
            <label htmlFor="field-nextReviewDueOn">Next review due on</label>
            <FieldError field="nextReviewDueOn" errors={errors} />
            <input
              id="field-nextReviewDueOn"
              type="date"
              value={nextReviewDueOn}
              onChange={(e) => setNextReviewDueOn(e.target.value)}
              {...describedBy('nextReviewDueOn', errors)}
            />
          </div>
          <button type="submit" disabled={cmd.busy}>
            Record the review
          </button>
        </form>
      )}
    </>
  );
}
