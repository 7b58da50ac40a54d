import { TZDate } from '@date-fns/tz';
import type { ChronologyEntry } from '#lib/chronology';
import type { CoverLedger, TrainingMatrix } from '#lib/workforce';
import { isCalendarDate, isInstant } from '#lib/kernel';
import type { TeamTeachAudit } from '#lib/incidents';

/**
 * "As of" on the command line: an instant as given, or a date meaning the end of that day in
 * London (everything recorded that day counts). Null when it is neither.
 */
export function asOfInstant(value: string): Date | null {
  if (isInstant(value)) return new Date(value);
  if (!isCalendarDate(value)) return null;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + 1, 0, 0, 0, 'Europe/London').getTime() - 1);
}

type Cell = string | number | boolean | null | undefined;

/** One CSV field; text a spreadsheet would run as a formula is prefixed with an apostrophe. */
function field(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}

interface AlertLike {
  id: string;
  kind: string;
  priority: string;
  raisedAt: string;
  escalationLevel: number;
  status: string;
  message: string;
}

export type ReplayResult =
  | { projection: 'team-teach'; data: TeamTeachAudit }
  | { projection: 'training-matrix'; data: ({ schoolId: string } & TrainingMatrix)[] }
  | { projection: 'cover-ledger'; data: ({ schoolId: string } & CoverLedger)[] }
  | { projection: 'chronology'; data: ChronologyEntry[] }
  | { projection: 'alerts'; data: ({ schoolId: string } & { alerts: AlertLike[] })[] };

/** A replay's answer as one flat table: a row per incident, per staff × course, per ledger row, per line, per alert. */
export function replayCsv(result: ReplayResult): string {
  switch (result.projection) {
    case 'team-teach':
      return toCsv(
        [
          'incidentId',
          'schoolId',
          'occurredAt',
          'recordedSameDay',
          'parentNotifiedSameDay',
          'pupilDebriefHeld',
          'staffDebriefHeld',
          'reviewed',
          'allStaffCertified',
          'breaches',
        ],
        result.data.incidents.map((i) => [
          i.incidentId,
          i.schoolId,
          i.occurredAt,
          i.checks.recordedSameDay,
          i.checks.parentNotifiedSameDay,
          i.checks.pupilDebriefHeld,
          i.checks.staffDebriefHeld,
          i.checks.reviewed,
          i.checks.allStaffCertified,
          i.breaches.join(';'),
        ]),
      );
    case 'training-matrix':
      return toCsv(
        ['schoolId', 'asOf', 'staffId', 'name', 'jobRole', 'course', 'status', 'completedOn', 'expiresOn'],
        result.data.flatMap((m) =>
          m.rows.flatMap((r) =>
            m.courses.map((c) => [
              m.schoolId,
              m.asOf,
              r.staffId,
              r.name,
              r.jobRole,
              c,
              r.cells[c]?.status,
              r.cells[c]?.completedOn,
              r.cells[c]?.expiresOn,
            ]),
          ),
        ),
      );
    case 'cover-ledger':
      return toCsv(
        [
          'schoolId',
          'week',
          'capPercent',
          'staffId',
          'name',
          'coverMinutes',
          'contractedMinutes',
          'percent',
          'overCap',
          'longAssignments',
          'lessonsWithoutHlta',
        ],
        result.data.flatMap((l) =>
          l.rows.map((r) => [
            l.schoolId,
            l.week,
            l.capPercent,
            r.staffId,
            r.name,
            r.coverMinutes,
            r.contractedMinutes,
            r.percent,
            r.overCap,
            r.longAssignments?.length ?? 0,
            r.lessonWithoutHlta?.length ?? 0,
          ]),
        ),
      );
    case 'chronology':
      return toCsv(
        ['occurredAt', 'recordedAt', 'late', 'kind', 'summary', 'concernId', 'incidentId'],
        result.data.map((e) => [e.occurredAt, e.recordedAt, e.late, e.kind, e.summary, e.ref.concernId, e.ref.incidentId]),
      );
    case 'alerts':
      return toCsv(
        ['schoolId', 'id', 'kind', 'priority', 'raisedAt', 'escalationLevel', 'status', 'message'],
        result.data.flatMap((s) =>
          s.alerts.map((a) => [s.schoolId, a.id, a.kind, a.priority, a.raisedAt, a.escalationLevel, a.status, a.message]),
        ),
      );
  }
}
