import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A member of staff as lists and pickers show them: the name decrypted from the events. */
@Entity('staff')
@Index('staff_school', ['schoolId'])
export class DirectoryStaffMember {
  @PrimaryColumn('text')
  staffId!: string;

  @Column('text')
  schoolId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  jobRole!: string;

  @Column('text', { array: true })
  roles!: string[];

  @Column('numeric')
  contractedHoursPerWeek!: string;

  @Column('boolean')
  hlta!: boolean;

  @Column('text')
  startDate!: string;

  /** The London day they were deactivated: they stay named in what they did, but leave the pickers. */
  @Column('text', { nullable: true })
  leftOn!: string | null;
}
