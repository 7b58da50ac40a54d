import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Which generation (schema) of each projection is live; readers in other processes follow it. */
@Entity({ name: 'read_model_registry', schema: 'public' })
export class ReadModelRegistration {
  @PrimaryColumn('text')
  name!: string;

  @Column('text')
  liveSchema!: string;

  @Column('integer')
  version!: number;

  @Column('integer')
  generation!: number;

  @Column('timestamptz', { default: () => 'now()' })
  swappedAt!: Date;
}

/**
 * How far a generation has applied the store: one row in each generation's schema, written in the
 * transaction that applies a batch. The transaction id is PostgreSQL's xid8, kept as a number here
 * (TypeORM knows no xid8 column) and compared as a checkpoint in code.
 */
@Entity('projection_checkpoint')
@Check('projection_checkpoint_single_row', '"id" = 1')
export class ProjectionCheckpoint {
  @PrimaryColumn('integer', { default: 1 })
  id!: number;

  @Column('numeric', { precision: 20, scale: 0, nullable: true })
  transactionId!: string | null;

  @Column('bigint', { nullable: true })
  globalPosition!: string | null;

  @Column('timestamptz', { nullable: true })
  updatedAt!: Date | null;
}
