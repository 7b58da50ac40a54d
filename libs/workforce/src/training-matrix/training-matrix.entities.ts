import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TrainingReference } from '../domain/staff/training-reference.js';

/** A member of staff as the matrix lists them. */
@Entity('staff')
@Index('staff_school', ['schoolId'])
export class TrainingMatrixStaffMember {
  @PrimaryColumn('text')
  staffId!: string;

  @Column('text')
  schoolId!: string;

  @Column('text', { nullable: true })
  trustId!: string | null;

  @Column('text')
  name!: string;

  @Column('text')
  jobRole!: string;

  @Column('text', { array: true, default: () => "'{}'" })
  roles!: string[];

  /** The London day they were deactivated: from that day the matrix no longer lists them. */
  @Column('text', { nullable: true })
  leftOn!: string | null;
}

/** One course completed by a member of staff. */
@Entity('completions')
@Index('completions_school', ['schoolId'])
export class TrainingCompletionRow {
  @PrimaryColumn('text')
  staffId!: string;

  @PrimaryColumn('text')
  completionId!: string;

  /** The member of staff's school. */
  @Column('text')
  schoolId!: string;

  @Column('text')
  course!: string;

  @Column('text')
  completedOn!: string;

  @Column('text')
  expiresOn!: string;

  @Column('timestamptz')
  recordedAt!: Date;
}

/** A trust's training reference as last set: trust-wide, so read by trust. */
@Entity('training_references')
export class TrainingReferenceRow {
  @PrimaryColumn('text')
  trustId!: string;

  @Column('jsonb')
  reference!: TrainingReference;

  @Column('timestamptz')
  changedAt!: Date;
}
