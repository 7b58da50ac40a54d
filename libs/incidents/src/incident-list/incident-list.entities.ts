import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One incident as the list shows it: as it stands (corrections applied), with which follow-ups are done. */
@Entity('incident_list')
// Pages are read newest first (occurred_at DESC, incident_id DESC): a backward scan within the school.
@Index('incident_list_newest', ['schoolId', 'occurredAt', 'incidentId'])
export class IncidentListRow {
  @PrimaryColumn('text')
  incidentId!: string;

  @Column('text', { nullable: true })
  schoolId!: string | null;

  @Column('text', { nullable: true })
  trustId!: string | null;

  @Column('text')
  pupilId!: string;

  @Column('timestamptz')
  occurredAt!: Date;

  /** As the incident recorded it (ISO-8601), shown as given. */
  @Column('text')
  recordedAt!: string;

  @Column('text')
  location!: string;

  @Column('text')
  interventionType!: string;

  @Column('text')
  recordedBy!: string;

  /** The registered staff involved (a named person who is not registered has no id). */
  @Column('text', { array: true })
  staffIds!: string[];

  @Column('boolean')
  parentToldOrExempted!: boolean;

  @Column('boolean')
  pupilDebriefed!: boolean;

  @Column('boolean')
  staffDebriefed!: boolean;

  @Column('boolean')
  reviewed!: boolean;
}
