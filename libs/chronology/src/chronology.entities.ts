import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Which school each pupil belongs to: a chronology is read only within it. */
@Entity('pupils')
export class ChronologyPupil {
  @PrimaryColumn('text')
  pupilId!: string;

  @Column('text')
  schoolId!: string;
}

/** Who a concern is about, so its later events find the chronologies they belong in. */
@Entity('concerns')
export class ChronologyConcern {
  @PrimaryColumn('text')
  concernId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('text', { array: true })
  pupilIds!: string[];

  @Column('boolean')
  aboutAdult!: boolean;

  /** For a concern about a member of staff: that adult. */
  @Column('text', { nullable: true })
  aboutStaffId!: string | null;

  /** For a concern about an adult: the role managing it (headteacher, or the trust's safeguarding lead). */
  @Column('text', { nullable: true })
  caseManager!: string | null;
}

/** Which pupil an incident is about, for the same reason. */
@Entity('incidents')
export class ChronologyIncident {
  @PrimaryColumn('text')
  incidentId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('text')
  pupilId!: string;
}

/** One line of a pupil's chronology: one event, for one of the pupils it is about. */
@Entity('entries')
@Index('entries_pupil', ['pupilId', 'occurredAt'])
export class ChronologyEntryRow {
  @PrimaryColumn('bigint')
  position!: string;

  @PrimaryColumn('text')
  pupilId!: string;

  /** The pupil's school. */
  @Column('text')
  schoolId!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  summary!: string;

  @Column('timestamptz')
  occurredAt!: Date;

  @Column('timestamptz')
  recordedAt!: Date;

  @Column('boolean')
  late!: boolean;

  @Column('text', { nullable: true })
  concernId!: string | null;

  @Column('text', { nullable: true })
  incidentId!: string | null;

  /** A DSL's own entry (see #lib/concerns dslRecordStream). */
  @Column('text', { nullable: true })
  entryId!: string | null;

  @Column('boolean')
  aboutAdult!: boolean;

  /**
   * The subject rule (row-level security, see ReadScope.reader): a line of a concern about a member of
   * staff is never shown to that adult, and a line of a concern about any adult only to its case manager.
   */
  @Column('text', { nullable: true })
  aboutStaffId!: string | null;

  @Column('text', { nullable: true })
  caseManager!: string | null;
}
