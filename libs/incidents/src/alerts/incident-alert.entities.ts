import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { StaffInvolvement } from '../domain/vocabulary.js';

/** A restraint as the incident alert rules follow it (in the inbox's own schema). */
@Entity('restraints')
@Index('restraints_pupil', ['pupilId'])
export class AlertRestraint {
  @PrimaryColumn('text')
  incidentId!: string;

  @Column('text')
  schoolId!: string;

  @Column('text')
  pupilId!: string;

  @Column('timestamptz')
  occurredAt!: Date;

  @Column('timestamptz')
  recordedAt!: Date;

  @Column('jsonb')
  staffInvolved!: StaffInvolvement[];

  @Column('timestamptz', { nullable: true })
  parentNotifiedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  pupilDebriefAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  staffDebriefAt!: Date | null;
}

/** Physical-intervention certificates of the staff, to judge a hold used on a date. */
@Entity('restraint_certificates')
@Index('restraint_certificates_staff', ['staffId'])
export class AlertRestraintCertificate {
  @PrimaryColumn('text')
  completionId!: string;

  @Column('text')
  staffId!: string;

  @Column('text')
  course!: string;

  @Column('date')
  completedOn!: string;

  @Column('date')
  expiresOn!: string;
}

/** The review date of each pupil's behaviour support plan, which the repeat-restraint alert names. */
@Entity('behaviour_plans')
export class AlertBehaviourPlan {
  @PrimaryColumn('text')
  pupilId!: string;

  @Column('text')
  reviewDueOn!: string;
}
