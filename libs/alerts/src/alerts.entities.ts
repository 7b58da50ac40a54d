import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { AlertAudience, AlertKind, AlertPriority, AlertStatus, EscalationLevel } from './alert-vocabulary.js';
import type { AlertSubject } from './alert-vocabulary.js';

/**
 * An alert in a school's inbox, the only table readers query. Its id is derived from its cause, and
 * the cause is unique, so no rule raises the same alert twice.
 */
@Entity('alerts')
@Unique('alerts_cause_key', ['cause'])
@Check('alerts_priority_check', `"priority" IN ('low', 'medium', 'high', 'critical')`)
@Check('alerts_escalation_level_check', '"escalation_level" BETWEEN 0 AND 2')
@Check('alerts_audience_check', `"audience" IN ('dsl', 'deputy_dsl', 'headteacher', 'trust_safeguarding_lead')`)
@Check('alerts_status_check', `"status" IN ('open', 'acknowledged', 'resolved')`)
// Ascending (TypeORM's decorator cannot say DESC): pages are read newest first (raised_at DESC, id DESC),
// a backward scan of one of these, with or without a status.
@Index('alerts_inbox', ['schoolId', 'status', 'raisedAt', 'id'])
@Index('alerts_inbox_pages', ['schoolId', 'raisedAt', 'id'])
@Index('alerts_concern', ['concernId', 'kind'])
export class Alert {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  cause!: string;

  @Column('text')
  kind!: AlertKind;

  @Column('text')
  priority!: AlertPriority;

  @Column('timestamptz')
  raisedAt!: Date;

  @Column('integer')
  escalationLevel!: EscalationLevel;

  @Column('text')
  audience!: AlertAudience;

  @Column('text', { default: 'open' })
  status!: AlertStatus;

  @Column('text')
  schoolId!: string;

  @Column('text', { nullable: true })
  pupilId!: string | null;

  @Column('text', { nullable: true })
  staffId!: string | null;

  @Column('text', { nullable: true })
  concernId!: string | null;

  @Column('text', { nullable: true })
  incidentId!: string | null;

  @Column('text', { nullable: true })
  coverAssignmentId!: string | null;

  @Column('text')
  message!: string;

  /** The adult a concern is about, for its alerts: row-level security never shows them to that adult. */
  @Column('text', { nullable: true })
  aboutStaffId!: string | null;

  @Column('timestamptz', { nullable: true })
  acknowledgedAt!: Date | null;

  @Column('text', { nullable: true })
  acknowledgedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;

  @Column('text', { nullable: true })
  resolvedBy!: string | null;

  @Column('text', { nullable: true })
  resolutionNote!: string | null;
}

/** An alert a rule raises: at once, or kept as a timer's payload until it falls due. */
export interface NewAlert {
  cause: string;
  kind: AlertKind;
  priority: AlertPriority;
  escalationLevel: EscalationLevel;
  audience: AlertAudience;
  schoolId: string;
  subject: AlertSubject;
  message: string;
  /** Set on every alert about a concern about a member of staff: that adult must never see it. */
  aboutStaffId?: string | null;
}

/** A due rule. A cancelled timer is deleted, a fired one kept (so it never fires again). */
@Entity('alert_timers')
@Index('alert_timers_due', ['dueAt'], { where: 'NOT fired' })
@Index('alert_timers_subject', ['kind', 'subject'])
export class AlertTimer {
  @PrimaryColumn('text')
  cause!: string;

  @Column('text')
  kind!: AlertKind;

  @Column('text')
  subject!: string;

  @Column('timestamptz')
  dueAt!: Date;

  @Column('timestamptz')
  armedAt!: Date;

  @Column('jsonb')
  payload!: NewAlert;

  @Column('boolean', { default: false })
  fired!: boolean;
}

/** A window already alerted on by an "N within a window" rule (see clusters.ts). */
@Entity('alert_claims')
@Index('alert_claims_subject', ['kind', 'subject'])
export class AlertClaim {
  @PrimaryColumn('text')
  cause!: string;

  @Column('text')
  kind!: AlertKind;

  @Column('text')
  subject!: string;

  @Column('timestamptz')
  windowStart!: Date;

  @Column('timestamptz')
  windowEnd!: Date;
}
