import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JobRole } from '../domain/staff/vocabulary.js';

/** A member of staff's job role and roles, which say which courses they need (in the inbox's own schema). */
@Entity('staff_members')
export class AlertStaffMember {
  @PrimaryColumn('text')
  staffId!: string;

  @Column('text')
  schoolId!: string;

  @Column('text')
  jobRole!: JobRole;

  @Column('text', { array: true, default: () => "'{}'" })
  roles!: string[];
}

@Entity('staff_certificates')
@Index('staff_certificates_staff', ['staffId', 'course'])
export class AlertStaffCertificate {
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

/** Each day of cover, by the teacher it covers for. */
@Entity('cover_days')
@Index('cover_days_absent_teacher', ['absentTeacherId', 'schoolId'])
export class AlertCoverDay {
  @PrimaryColumn('text')
  assignmentId!: string;

  @Column('text')
  schoolId!: string;

  @Column('text')
  staffId!: string;

  @Column('text', { nullable: true })
  absentTeacherId!: string | null;

  @Column('date')
  date!: string;

  @Column('boolean', { default: false })
  cancelled!: boolean;
}
