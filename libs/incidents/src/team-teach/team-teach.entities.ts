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

  @Column('text', { array: true })
  staffIds!: string[];
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
