import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AdultSubject, ConcernRoute, ConcernStatus, ConcernUrgency } from '../domain/vocabulary.js';

/**
 * One concern as `GET /api/concerns` lists it: where it has got to, and what the access rule needs
 * (who raised it, who it is about, who manages it). Times are kept as the events give them (with
 * their offsets), apart from `raisedAt`, the list's order.
 */
@Entity('concerns')
@Index('concerns_newest_first', ['schoolId', 'raisedAt', 'concernId'])
@Index('concerns_raised_by', ['raisedBy', 'raisedAt', 'concernId'])
export class ConcernListRow {
  @PrimaryColumn('text')
  concernId!: string;

  /** The school it was raised in (the event's): the list is read only within it. */
  @Column('text')
  schoolId!: string;

  /** The stream's version, for If-Match. */
  @Column('integer')
  version!: number;

  @Column('timestamptz')
  raisedAt!: Date;

  @Column('text')
  status!: ConcernStatus;

  @Column('text')
  urgency!: ConcernUrgency;

  @Column('text')
  summary!: string;

  @Column('text', { array: true })
  categories!: string[];

  @Column('text', { array: true })
  pupilIds!: string[];

  @Column('text')
  occurredAt!: string;

  @Column('text')
  routedTo!: ConcernRoute;

  @Column('jsonb', { nullable: true })
  aboutAdult!: AdultSubject | null;

  @Column('boolean')
  lowLevel!: boolean;

  @Column('boolean')
  selfReport!: boolean;

  /** The subject rule's exception (row-level security): the one who raised it always sees it. */
  @Column('text')
  raisedBy!: string;

  /**
   * The subject rule (row-level security, see ReadScope.reader): a concern about a member of staff is
   * never shown to that adult (unless they raised it), one about any adult only to its case manager.
   */
  @Column('text', { nullable: true })
  aboutStaffId!: string | null;

  @Column('text', { nullable: true })
  caseManager!: string | null;

  @Column('text', { nullable: true })
  acknowledgedAt!: string | null;

  /** The triage in force (the last). */
  @Column('text', { nullable: true })
  riskLevel!: string | null;

  @Column('text', { nullable: true })
  decision!: string | null;

  @Column('text', { array: true })
  openActionIds!: string[];

  @Column('text', { array: true })
  unansweredReferralIds!: string[];

  @Column('text', { nullable: true })
  closedAt!: string | null;

  @Column('text', { nullable: true })
  ladoReferredAt!: string | null;

  @Column('text', { nullable: true })
  allegationOutcome!: string | null;
}
