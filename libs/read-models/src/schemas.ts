import type pg from 'pg';
import type { Checkpoint } from '../../event-store/src/event-store.js';
import type { Projection } from './projection.js';

export function schemaName(projection: string, generation: number | string): string {
  return `rm_${projection.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${generation}`;
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe schema name: ${name}`);
  return `"${name}"`;
}

/** Creates a generation's schema: the projection's tables and its checkpoint row. */
export async function createGeneration(db: pg.PoolClient | pg.Pool, schema: string, projection: Projection): Promise<void> {
  const s = quoteIdent(schema);
  await db.query(`CREATE SCHEMA ${s}`);
  await db.query(`SET search_path TO ${s}`);
  try {
    await db.query(projection.tables);
    await db.query(
      `CREATE TABLE projection_checkpoint (id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1), transaction_id xid8, global_position bigint, updated_at timestamptz)`,
    );
    await db.query(`INSERT INTO projection_checkpoint (id) VALUES (1)`);
  } finally {
    await db.query('RESET search_path');
  }
}

export async function dropGeneration(db: pg.PoolClient | pg.Pool, schema: string): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}

export async function readCheckpoint(db: pg.PoolClient | pg.Pool, schema: string): Promise<Checkpoint | null> {
  const { rows } = await db.query<{ t: string | null; g: string | null }>(
    `SELECT transaction_id::text AS t, global_position::text AS g FROM ${quoteIdent(schema)}.projection_checkpoint`,
  );
  const r = rows[0];
  return r?.t && r.g ? { transactionId: r.t, globalPosition: r.g } : null;
}
