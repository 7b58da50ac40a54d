/**
 * Queries over the alerts projection, as plain functions of an entity manager whose search_path is
 * the generation to read: the live inbox and an auditor's replay run exactly the same SQL.
 */
import { In, type EntityManager } from 'typeorm';
import type { Role } from '#lib/kernel';
import { visibleAudiences, type AlertKind, type AlertPriority, type AlertStatus, type AlertSubject } from './alert-vocabulary.js';
import { Alert } from './alerts.entities.js';

/** An alert as the API shows it. */
export interface AlertView {
  id: string;
  kind: AlertKind;
  priority: AlertPriority;
  raisedAt: string;
  escalationLevel: number;
  status: AlertStatus;
  subject: AlertSubject;
  message: string;
  /** The school it was raised in (an inbox may span the trust's schools). */
  schoolId: string;
}

/**
 * An alert as the projection emits it on every change: the entity, or its JSON form once it has
 * crossed processes through PostgreSQL NOTIFY, where the times are ISO strings.
 */
export type AlertRow = Omit<Alert, 'raisedAt' | 'acknowledgedAt' | 'resolvedAt'> & {
  raisedAt: Date | string;
  acknowledgedAt: Date | string | null;
  resolvedAt: Date | string | null;
};

/** Whose inbox: the schools it covers (one, or every school of the trust for its safeguarding lead), the roles, the reader. */
export interface AlertScope {
  schoolIds: readonly string[];
  roles: readonly Role[];
  /** The reader: an alert about a concern whose adult is the reader is never theirs. */
  staffId: string;
}

/** What an alert view is made of. */
type ViewedRow = Pick<
  AlertRow,
  | 'id'
  | 'kind'
  | 'priority'
  | 'raisedAt'
  | 'escalationLevel'
  | 'status'
  | 'schoolId'
  | 'pupilId'
  | 'staffId'
  | 'concernId'
  | 'incidentId'
  | 'coverAssignmentId'
  | 'message'
>;

export function toAlertView(row: ViewedRow): AlertView {
  const subject: AlertSubject = {};
  if (row.pupilId) subject.pupilId = row.pupilId;
  if (row.staffId) subject.staffId = row.staffId;
  if (row.concernId) subject.concernId = row.concernId;
  if (row.incidentId) subject.incidentId = row.incidentId;
  if (row.coverAssignmentId) subject.coverAssignmentId = row.coverAssignmentId;
  return {
    id: row.id,
    kind: row.kind,
    priority: row.priority,
    raisedAt: new Date(row.raisedAt).toISOString(),
    escalationLevel: row.escalationLevel,
    status: row.status,
    subject,
    message: row.message,
    schoolId: row.schoolId,
  };
}

/**
 * Whether a changed row belongs in the inbox of this scope: the live stream's filter, which sees rows
 * before any query does, so it applies row-level security's subject rule itself.
 */
export function inScope(row: Pick<AlertRow, 'schoolId' | 'audience' | 'aboutStaffId'>, scope: AlertScope): boolean {
  return (
    scope.schoolIds.includes(row.schoolId) &&
    visibleAudiences(scope.roles).includes(row.audience) &&
    (row.aboutStaffId ?? null) !== scope.staffId
  );
}

/** The alerts of the scope's schools the caller's roles may see, newest first. */
export async function listAlerts(db: EntityManager, params: AlertScope & { status?: AlertStatus }): Promise<AlertView[]> {
  const audiences = visibleAudiences(params.roles);
  if (audiences.length === 0) return [];
  const alerts = await db.find(Alert, {
    where: { schoolId: In([...params.schoolIds]), audience: In(audiences), ...(params.status ? { status: params.status } : {}) },
    order: { raisedAt: 'DESC', id: 'DESC' },
  });
  return alerts.map(toAlertView);
}

/** The columns of an alert view, named as the view names them. */
const VIEW_COLUMNS = `id, kind, priority, raised_at AS "raisedAt", escalation_level AS "escalationLevel", status, school_id AS "schoolId",
  pupil_id AS "pupilId", staff_id AS "staffId", concern_id AS "concernId", incident_id AS "incidentId", cover_assignment_id AS "coverAssignmentId", message`;

/**
 * A page of the inbox in the order of `listAlerts`, after the alert `after` ([raisedAt, id] of the
 * last one of the page before): keyset pagination read in the order of an index (alerts_inbox_pages,
 * or alerts_inbox with a status), so a page costs the same however deep it is and however many alerts
 * the school has. Plain SQL: the rows go straight into views, with no entities made on the way.
 */
export async function pageAlerts(
  db: EntityManager,
  params: AlertScope & { status?: AlertStatus; after: [string, string] | null; limit: number },
): Promise<AlertView[]> {
  const audiences = visibleAudiences(params.roles);
  if (audiences.length === 0 || params.schoolIds.length === 0) return [];
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  // One school is an equality (school_id IN ($1)), which the index gives in the page's order.
  const where = [`school_id IN (${params.schoolIds.map(param).join(', ')})`, `audience IN (${audiences.map(param).join(', ')})`];
  if (params.status) where.push(`status = ${param(params.status)}`);
  if (params.after) {
    const raisedAt = param(new Date(params.after[0]));
    // The first condition bounds the index scan; the second leaves out what the page before showed.
    where.push(`raised_at <= ${raisedAt} AND (raised_at < ${raisedAt} OR id < ${param(params.after[1])}::uuid)`);
  }
  const rows: ViewedRow[] = await db.query(
    `SELECT ${VIEW_COLUMNS} FROM alerts WHERE ${where.join(' AND ')} ORDER BY raised_at DESC, id DESC LIMIT ${param(params.limit)}`,
    values,
  );
  return rows.map(toAlertView);
}

/** One alert, only if the caller's roles may see it in that school. */
export async function findAlert(db: EntityManager, params: AlertScope & { id: string }): Promise<AlertView | null> {
  const audiences = visibleAudiences(params.roles);
  if (audiences.length === 0) return null;
  const alert = await db.findOneBy(Alert, { id: params.id, schoolId: In([...params.schoolIds]), audience: In(audiences) });
  return alert ? toAlertView(alert) : null;
}

/** Which of these alerts the scope's inbox shows (the raw history leaves out the lifecycle of the others). */
export async function visibleAlertIds(db: EntityManager, params: AlertScope & { ids: string[] }): Promise<Set<string>> {
  const audiences = visibleAudiences(params.roles);
  if (audiences.length === 0 || params.ids.length === 0) return new Set();
  const alerts = await db.find(Alert, {
    select: { id: true },
    where: { id: In(params.ids), schoolId: In([...params.schoolIds]), audience: In(audiences) },
  });
  return new Set(alerts.map((a) => a.id));
}
