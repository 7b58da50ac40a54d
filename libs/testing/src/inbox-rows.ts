import { ALERTS_PROJECTION } from '#lib/alerts';
import type { ProjectionHarness } from './projection-harness.js';

/** A row of the inbox's alerts table as the alert-rule tests read it: its time as an ISO string. */
export interface InboxAlertRow {
  kind: string;
  priority: string;
  audience: string;
  escalation_level: number;
  status: string;
  school_id: string;
  pupil_id: string | null;
  staff_id: string | null;
  concern_id: string | null;
  incident_id: string | null;
  cover_assignment_id: string | null;
  about_staff_id: string | null;
  message: string;
  raised_at: string;
}

/** The inbox's alerts in the order given (SQL), as the projection wrote them. */
export async function inboxAlerts(h: ProjectionHarness, orderBy: string): Promise<InboxAlertRow[]> {
  const rows = await h.rows<Omit<InboxAlertRow, 'raised_at'> & { raised_at: Date }>(ALERTS_PROJECTION, 'alerts', orderBy);
  return rows.map((a) => ({ ...a, raised_at: a.raised_at.toISOString() }));
}
