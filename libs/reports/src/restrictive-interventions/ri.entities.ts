import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An incident as the report counts it (corrections applied). */
@Entity('ri_incidents')
@Index('ri_incidents_school', ['schoolId', 'occurredAt'])
export class RiIncident {
  @PrimaryColumn('text')
  incidentId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('text')
  pupilId!: string;

  @Column('timestamptz')
  occurredAt!: Date;

  @Column('timestamptz')
  endedAt!: Date;

  /** The type as the incident names it today (v1: forceType); the report maps it to the 2026 types. */
  @Column('text')
  forceType!: string;

  @Column('text', { array: true })
  staffIds!: string[];

  /** The SEN status the incident captured as it stood at the time. */
  @Column('boolean')
  sen!: boolean;

  @Column('boolean')
  ehcp!: boolean;

  @Column('boolean')
  pupilInjured!: boolean;

  @Column('boolean')
  staffInjured!: boolean;
}

/** A pupil's year group as registered. */
@Entity('ri_pupils')
export class RiPupil {
  @PrimaryColumn('text')
  pupilId!: string;

  @Column('text')
  schoolId!: string;

  @Column('text')
  yearGroup!: string;
}

/**
 * Each vulnerability record of a pupil, in force from `effectiveAt` until the next: the status as it
 * stood at any instant is the latest row at or before it. Null flags: the record was erased.
 */
@Entity('ri_pupil_status')
@Index('ri_pupil_status_pupil', ['pupilId', 'effectiveAt'])
export class RiPupilStatus {
  @PrimaryColumn('text')
  eventId!: string;

  @Column('text')
  pupilId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('timestamptz')
  effectiveAt!: Date;

  /** The store's position, to order two records of the same instant. */
  @Column('bigint')
  position!: string;

  @Column('boolean', { nullable: true })
  lookedAfter!: boolean | null;

  @Column('boolean', { nullable: true })
  previouslyLookedAfter!: boolean | null;

  @Column('boolean', { nullable: true })
  childProtectionPlan!: boolean | null;

  @Column('boolean', { nullable: true })
  childInNeed!: boolean | null;

  @Column('boolean', { nullable: true })
  disability!: boolean | null;

  @Column('text', { nullable: true })
  sex!: string | null;
}
