import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A restraint incident as it stands (corrections applied). */
@Entity('incidents')
@Index('incidents_school', ['schoolId', 'occurredAt'])
export class TeamTeachIncidentRow {
  @PrimaryColumn('text')
  incidentId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('text', { nullable: true })
  trustId!: string | null;

  @Column('text')
  pupilId!: string;

  @Column('timestamptz')
  occurredAt!: Date;

  @Column('timestamptz')
  recordedAt!: Date;

  /** The registered staff involved (their certificates are looked up). */
  @Column('text', { array: true })
  staffIds!: string[];

  /** Everyone involved with the holds they used; a named person not registered has a null staffId. */
  @Column('jsonb', { default: () => "'[]'" })
  staffHolds!: { staffId: string | null; holds: string[] }[];

  @Column('text', { nullable: true })
  interventionType!: string | null;
}

/** A parent notification, or an exemption from one (no time). */
@Entity('notifications')
@Index('notifications_incident', ['incidentId'])
export class TeamTeachNotification {
  @PrimaryColumn('text')
  eventId!: string;

  @Column('text')
  incidentId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('timestamptz', { nullable: true })
  notifiedAt!: Date | null;

  @Column('boolean')
  exempted!: boolean;

  /** Why parents were not told (an exemption only). */
  @Column('text', { nullable: true })
  exemptionReason!: string | null;

  /** Who decided an exemption: 'dsl' or 'headteacher' (null for a v1 exemption, which anyone could give). */
  @Column('text', { nullable: true })
  decidedAs!: string | null;
}

@Entity('debriefs')
export class TeamTeachDebrief {
  @PrimaryColumn('text')
  incidentId!: string;

  @PrimaryColumn('text')
  debriefId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('text')
  kind!: string;

  @Column('timestamptz')
  heldAt!: Date;
}

@Entity('reviews')
@Index('reviews_incident', ['incidentId'])
export class TeamTeachReview {
  @PrimaryColumn('text')
  eventId!: string;

  @Column('text')
  incidentId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('timestamptz')
  reviewedAt!: Date;
}

/** A physical-intervention certificate of a member of staff (the school is theirs). */
@Entity('certificates')
export class TeamTeachCertificate {
  @PrimaryColumn('text')
  staffId!: string;

  @PrimaryColumn('text')
  completionId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('text')
  course!: string;

  @Column('text')
  completedOn!: string;

  @Column('text')
  expiresOn!: string;
}
