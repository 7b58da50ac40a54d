import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A pupil as the directory lists them: names decrypted from the events, SEN status as it is now. */
@Entity('pupils')
@Index('pupils_school', ['schoolId'])
export class DirectoryPupil {
  @PrimaryColumn('text')
  pupilId!: string;

  @Column('text')
  schoolId!: string;

  @Column('text')
  firstName!: string;

  @Column('text')
  lastName!: string;

  @Column('text')
  yearGroup!: string;

  @Column('text')
  dateOfBirth!: string;

  @Column('text', { nullable: true })
  upn!: string | null;

  @Column('boolean')
  sen!: boolean;

  @Column('boolean')
  ehcp!: boolean;
}
