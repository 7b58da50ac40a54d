import { useState, type FormEvent } from 'react';
import { href } from '../app/router.js';
import { StaffSelect, useStaff } from '../components/pickers.js';
import { isoWeek, todayIso } from '../components/time.js';
import {
  clearField,
  describedBy,
  ErrorSummary,
  FieldError,
  Page,
  problemOf,
  type FieldErrors,
  type FormProblem,
} from '../components/ui.js';
import { api, ApiError, newKey } from '../session/api.js';
import { hasRole, useSession } from '../session/session.js';

const RULE_FIELDS: Record<string, string> = {
  'cover.weekly_cap': 'staffId',
  'cover.overlap': 'start',
  'cover.lesson_requires_hlta': 'deliversLesson',
  'cover.end_not_after_start': 'end',
};

/** Recording cover: who supervises which class and why; the cap and the HLTA rule are the server's. */
export function RecordCoverPage() {
  const user = useSession()?.user;
  const staff = useStaff();
  const blank = {
    staffId: '',
    classGroup: '',
    date: todayIso(),
    start: '09:00',
    end: '10:00',
    reason: '',
    absentTeacherId: '',
    deliversLesson: false,
  };
  const [form, setForm] = useState(blank);
  const [overrideReason, setOverrideReason] = useState('');
  const [key, setKey] = useState(newKey);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [overCap, setOverCap] = useState(false);
  const [done, setDone] = useState<{ week: string; warnings: string[] } | null>(null);
  const errors = problem?.fields ?? {};
  const set = <K extends keyof typeof blank>(k: K, v: (typeof blank)[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setProblem((p) => (p ? clearField(p, k) : p));
  };
  const head = hasRole(user, 'headteacher');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!form.staffId) found.staffId = 'Choose who is covering';
    if (!form.classGroup.trim()) found.classGroup = 'Name the class';
    if (!form.reason.trim()) found.reason = 'Say why cover is needed';
    if (form.end <= form.start) found.end = 'The end must be after the start';
    if (Object.keys(found).length) return setProblem({ message: 'The cover has not been recorded yet.', fields: found });
    try {
      const res = await api.post<{ id: string; warnings: string[] }>(
        '/cover-assignments',
        {
          ...form,
          classGroup: form.classGroup.trim(),
          reason: form.reason.trim(),
          absentTeacherId: form.absentTeacherId || undefined,
          override: overCap && head && overrideReason.trim() ? { reason: overrideReason.trim() } : undefined,
        },
        { idempotencyKey: key },
      );
      setDone({ week: isoWeek(new Date(`${form.date}T12:00:00`)), warnings: res.warnings ?? [] });
      setForm(blank);
      setOverCap(false);
      setOverrideReason('');
      setKey(newKey());
      setProblem(null);
    } catch (err) {
      const p = problemOf(err, RULE_FIELDS);
      if (err instanceof ApiError && err.problem.rule === 'cover.weekly_cap') setOverCap(true);
      setKey(newKey());
      setProblem({ ...p, message: `The cover has not been recorded. ${p.message}` });
    }
  }

  return (
    <Page
      title="Record cover"
      intro="Cover is voluntary, capped each week, and only an HLTA may deliver a lesson rather than supervise set work."
    >
      {done && (
        <div className="notice notice-ok" role="status">
          <p>
            Cover recorded. <a href={href(`/cover?week=${done.week}`)}>See the cover ledger for week {done.week}</a>.
          </p>
          {done.warnings.length > 0 && <p>Warnings: {done.warnings.join(', ')}</p>}
        </div>
      )}
      <ErrorSummary problem={problem} />
      <form onSubmit={submit} noValidate aria-label="Record cover">
        <div id="field-staffId">
          <StaffSelect
            id="cover-staff"
            label="Who is covering?"
            value={form.staffId}
            onChange={(v) => set('staffId', v)}
            staff={staff.data ?? []}
            errors={errors}
            field="staffId"
          />
        </div>
        <div className="field">
          <label htmlFor="field-classGroup">Class</label>
          <FieldError field="classGroup" errors={errors} />
          <input
            id="field-classGroup"
            type="text"
            value={form.classGroup}
            onChange={(e) => set('classGroup', e.target.value)}
            {...describedBy('classGroup', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-date">Date</label>
          <FieldError field="date" errors={errors} />
          <input
            id="field-date"
            type="date"
            value={form.date}
            onChange={(e) => set('date', e.target.value)}
            {...describedBy('date', errors)}
          />
        </div>
        <div className="field">
          <label htmlFor="field-start">From</label>
          <input id="field-start" type="time" value={form.start} onChange={(e) => set('start', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="field-end">To</label>
          <FieldError field="end" errors={errors} />
          <input id="field-end" type="time" value={form.end} onChange={(e) => set('end', e.target.value)} {...describedBy('end', errors)} />
        </div>
        <div className="field">
          <label htmlFor="field-reason">Why is cover needed?</label>
          <FieldError field="reason" errors={errors} />
          <input
            id="field-reason"
            type="text"
            value={form.reason}
            onChange={(e) => set('reason', e.target.value)}
            {...describedBy('reason', errors)}
          />
        </div>
        <StaffSelect
          id="cover-absent"
          label="Absent teacher (optional)"
          value={form.absentTeacherId}
          onChange={(v) => set('absentTeacherId', v)}
          staff={(staff.data ?? []).filter((s) => s.id !== form.staffId)}
          errors={errors}
          field="absentTeacherId"
        />
        <div className="checkbox" id="field-deliversLesson">
          <input
            id="delivers-lesson"
            type="checkbox"
            checked={form.deliversLesson}
            onChange={(e) => set('deliversLesson', e.target.checked)}
          />
          <label htmlFor="delivers-lesson">Delivers the lesson (HLTA only), rather than supervising set work</label>
          <FieldError field="deliversLesson" errors={errors} />
        </div>
        {overCap && head && (
          <div className="field">
            <label htmlFor="field-override">Reason to go over the cap (headteacher)</label>
            <input id="field-override" type="text" value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
          </div>
        )}
        <button type="submit">Record cover</button>
      </form>
    </Page>
  );
}
