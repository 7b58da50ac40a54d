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

export interface AlertScope {
  schoolId: string;
  roles: readonly Role[];
}

export function toAlertView(row: AlertRow): AlertView {
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
  };
}

/** Whether a changed row belongs in the inbox of this scope (the live stream's filter). */
export function inScope(row: Pick<AlertRow, 'schoolId' | 'audience'>, scope: AlertScope): boolean {
  return row.schoolId === scope.schoolId && visibleAudiences(scope.roles).includes(row.audience);
}

/** The school's alerts the caller's roles may see, newest first. */
export async function listAlerts(db: EntityManager, params: AlertScope & { status?: AlertStatus }): Promise<AlertView[]> {
  const audiences = visibleAudiences(params.roles);
  if (audiences.length === 0) return [];
  const alerts = await db.find(Alert, {
    where: { schoolId: params.schoolId, audience: In(audiences), ...(params.status ? { status: params.status } : {}) },
    order: { raisedAt: 'DESC', id: 'ASC' },
  });
  return alerts.map(toAlertView);
}

/** One alert, only if the caller's roles may see it in that school. */
export async function findAlert(db: EntityManager, params: AlertScope & { id: string }): Promise<AlertView | null> {
  const audiences = visibleAudiences(params.roles);
  if (audiences.length === 0) return null;
  const alert = await db.findOneBy(Alert, { id: params.id, schoolId: params.schoolId, audience: In(audiences) });
  return alert ? toAlertView(alert) : null;
}
