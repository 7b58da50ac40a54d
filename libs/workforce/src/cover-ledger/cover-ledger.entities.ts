import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A member of staff's contract, as the ledger compares cover with it. */
@Entity('staff')
export class CoverLedgerStaffMember {
  @PrimaryColumn('text')
  staffId!: string;

  @Column('text')
  schoolId!: string;

  @Column('text')
  name!: string;

  @Column('numeric')
  contractedMinutesPerWeek!: string;

  @Column('boolean')
  hlta!: boolean;
}

/** One cover assignment; a cancelled one is kept, flagged. */
@Entity('assignments')
@Index('assignments_week', ['isoWeek'])
@Index('assignments_staff', ['staffId', 'date'])
export class CoverAssignmentRow {
  @PrimaryColumn('text')
  assignmentId!: string;

  @Column('text')
  staffId!: string;

  /** The school of the member of staff covering. */
  @Column('text')
  schoolId!: string;

  @Column('text')
  classGroup!: string;

  @Column('text')
  date!: string;

  @Column('text')
  isoWeek!: string;

  @Column('text')
  startTime!: string;

  @Column('text')
  endTime!: string;

  @Column('integer')
  minutes!: number;

  @Column('text', { nullable: true })
  absentTeacherId!: string | null;

  @Column('boolean')
  deliversLesson!: boolean;

  @Column('numeric')
  capPercent!: string;

  @Column('timestamptz')
  assignedAt!: Date;

  @Column('bigint')
  position!: string;

  @Column('boolean', { default: false })
  cancelled!: boolean;
}
