/**
 * Queries over the alerts projection, as plain functions of a connection whose search_path is the
 * generation to read: the live inbox and an auditor's replay run exactly the same SQL.
 */
import type pg from 'pg';
import type { Role } from '../../auth/src/actor.js';
import { visibleAudiences, type AlertAudience, type AlertKind, type AlertPriority, type AlertStatus } from './alert-vocabulary.js';

export interface AlertSubject {
  pupilId?: string;
  staffId?: string;
  concernId?: string;
  incidentId?: string;
  coverAssignmentId?: string;
}

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

/** A row of the `alerts` table (what the projection emits on every change). */
export interface AlertRow {
  id: string;
  cause: string;
  kind: AlertKind;
  priority: AlertPriority;
  raised_at: Date | string;
  escalation_level: number;
  audience: AlertAudience;
  status: AlertStatus;
  school_id: string;
  pupil_id: string | null;
  staff_id: string | null;
  concern_id: string | null;
  incident_id: string | null;
  cover_assignment_id: string | null;
  message: string;
}

export interface AlertScope {
  schoolId: string;
  roles: readonly Role[];
}

export function toAlertView(row: AlertRow): AlertView {
  const subject: AlertSubject = {};
  if (row.pupil_id) subject.pupilId = row.pupil_id;
  if (row.staff_id) subject.staffId = row.staff_id;
  if (row.concern_id) subject.concernId = row.concern_id;
  if (row.incident_id) subject.incidentId = row.incident_id;
  if (row.cover_assignment_id) subject.coverAssignmentId = row.cover_assignment_id;
  return {
    id: row.id,
    kind: row.kind,
    priority: row.priority,
    raisedAt: new Date(row.raised_at).toISOString(),
    escalationLevel: row.escalation_level,
    status: row.status,
    subject,
    message: row.message,
  };
}

/** Whether a changed row belongs in the inbox of this scope (the live stream's filter). */
export function inScope(row: Pick<AlertRow, 'school_id' | 'audience'>, scope: AlertScope): boolean {
  return row.school_id === scope.schoolId && visibleAudiences(scope.roles).includes(row.audience);
}

/** The school's alerts the caller's roles may see, newest first. */
export async function listAlerts(db: pg.PoolClient, params: AlertScope & { status?: AlertStatus }): Promise<AlertView[]> {
  const audiences = visibleAudiences(params.roles);
  if (audiences.length === 0) return [];
  const { rows } = await db.query<AlertRow>(
    `SELECT * FROM alerts
      WHERE school_id = $1 AND audience = ANY($2::text[]) AND ($3::text IS NULL OR status = $3)
      ORDER BY raised_at DESC, id`,
    [params.schoolId, audiences, params.status ?? null],
  );
  return rows.map(toAlertView);
}

/** One alert, only if the caller's roles may see it in that school. */
export async function findAlert(db: pg.PoolClient, params: AlertScope & { id: string }): Promise<AlertView | null> {
  const audiences = visibleAudiences(params.roles);
  if (audiences.length === 0) return null;
  const { rows } = await db.query<AlertRow>('SELECT * FROM alerts WHERE id = $1 AND school_id = $2 AND audience = ANY($3::text[])', [
    params.id,
    params.schoolId,
    audiences,
  ]);
  return rows[0] ? toAlertView(rows[0]) : null;
}
