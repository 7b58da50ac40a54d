import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A concern as the concern alert rules remember it (in the inbox's own schema). */
@Entity('concerns')
@Index('concerns_adult', ['adultKey', 'schoolId'])
export class AlertConcern {
  @PrimaryColumn('text')
  concernId!: string;

  @Column('text')
  schoolId!: string;

  @Column('text', { array: true })
  pupilIds!: string[];

  @Column('text')
  urgency!: string;

  /** Who a concern about an adult is about: `staff:<id>`, or `name:<the name given, trimmed and lower-cased>`. */
  @Column('text', { nullable: true })
  adultKey!: string | null;

  @Column('boolean')
  lowLevel!: boolean;

  @Column('timestamptz')
  occurredAt!: Date;

  @Column('timestamptz')
  recordedAt!: Date;

  @Column('timestamptz', { nullable: true })
  acknowledgedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  /** Who handles it (ConcernRoute); absent on rows made before referrals were alerted on. */
  @Column('text', { nullable: true })
  routedTo!: string | null;
}

/** A referral waiting for the agency's answer: each follow-up starts another wait (`round`). */
@Entity('referrals')
export class AlertReferral {
  @PrimaryColumn('text')
  referralId!: string;

  @Column('text')
  concernId!: string;

  @Column('text')
  agency!: string;

  @Column('integer')
  round!: number;
}

/** Each concern about a pupil, for the pattern rule. */
@Entity('pupil_concerns')
export class AlertPupilConcern {
  @PrimaryColumn('text')
  pupilId!: string;

  @PrimaryColumn('text')
  concernId!: string;

  @Column('timestamptz')
  occurredAt!: Date;
}
