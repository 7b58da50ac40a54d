import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A transfer as the sending school sees it (row-level security: the sending school's rows). */
@Entity('outgoing')
@Index('outgoing_pupil', ['pupilId'])
export class OutgoingTransfer {
  @PrimaryColumn('text')
  transferId!: string;

  /** The sending school. */
  @Column('text')
  schoolId!: string;

  @Column('text')
  pupilId!: string;

  /** The receiving school when it is on the platform. */
  @Column('text', { nullable: true })
  toSchoolId!: string | null;

  @Column('text')
  toName!: string;

  @Column('text', { nullable: true })
  toUrn!: string | null;

  @Column('text')
  leftOn!: string;

  @Column('text')
  dueOn!: string;

  @Column('text')
  status!: string;

  @Column('timestamptz')
  startedAt!: Date;

  @Column('text')
  startedBy!: string;

  @Column('timestamptz', { nullable: true })
  receivedAt!: Date | null;
}

/** A transfer as the receiving school on the platform sees it (its rows alone). */
@Entity('incoming')
export class IncomingTransfer {
  @PrimaryColumn('text')
  transferId!: string;

  /** The receiving school. */
  @Column('text')
  schoolId!: string;

  @Column('text')
  fromSchoolId!: string;

  @Column('text')
  pupilId!: string;

  @Column('text')
  leftOn!: string;

  @Column('text')
  dueOn!: string;

  @Column('text')
  status!: string;

  @Column('timestamptz')
  startedAt!: Date;

  @Column('timestamptz', { nullable: true })
  receivedAt!: Date | null;
}

/**
 * The pupils whose child protection file a school has received: from receipt on, that school's
 * safeguarding leads read the pupil's concerns, incidents and chronology (ReceivedFiles).
 */
@Entity('received_files')
export class ReceivedFile {
  @PrimaryColumn('text')
  transferId!: string;

  /** The school that received the file. */
  @Column('text')
  schoolId!: string;

  @Column('text')
  pupilId!: string;

  @Column('timestamptz')
  receivedAt!: Date;
}
