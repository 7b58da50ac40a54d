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

  @Column('boolean')
  aboutAdult!: boolean;
}
