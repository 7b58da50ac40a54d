import type pg from 'pg';
import { History, type HistoryRow } from './history.js';

export interface LoadedHistory {
  events: number;
  streams: number;
  skippedCommands: number;
  seconds: number;
  history: History;
}

const INSERT_EVENTS = `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, previous_hash, hash)
  SELECT * FROM unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::timestamptz[], $9::text[], $10::text[])`;

/**
 * Writes a generated history straight into the events table (one multi-row statement per batch,
 * the next batch generated while the previous one is written), then the streams table. One
 * connection, so global order follows generation order.
 */
export async function loadHistory(
  pool: pg.Pool,
  events: number,
  schools: number,
  onProgress?: (n: number) => void,
): Promise<LoadedHistory> {
  const started = performance.now();
  const history = new History({ events, schools });
  const client = await pool.connect();
  try {
    let inFlight: Promise<unknown> = Promise.resolve();
    let lastReport = 0;
    for (const batch of history.batches(5000)) {
      await inFlight;
      inFlight = client.query(INSERT_EVENTS, columns(batch));
      if (onProgress && history.count - lastReport >= 100_000) {
        lastReport = history.count;
        onProgress(history.count);
      }
    }
    await inFlight;
    const heads = [...history.heads.entries()];
    for (let i = 0; i < heads.length; i += 10_000) {
      const slice = heads.slice(i, i + 10_000);
      await client.query('INSERT INTO streams (stream_id, version, last_hash) SELECT * FROM unnest($1::text[], $2::int[], $3::text[])', [
        slice.map(([id]) => id),
        slice.map(([, h]) => h.version),
        slice.map(([, h]) => h.hash),
      ]);
    }
    await client.query('ANALYZE events');
    await client.query('ANALYZE streams');
  } finally {
    client.release();
  }
  return {
    events: history.count,
    streams: history.heads.size,
    skippedCommands: history.skipped,
    seconds: (performance.now() - started) / 1000,
    history,
  };
}

function columns(rows: HistoryRow[]): unknown[] {
  return [
    rows.map((r) => r.streamId),
    rows.map((r) => r.streamVersion),
    rows.map((r) => r.eventId),
    rows.map((r) => r.type),
    rows.map((r) => r.schemaVersion),
    rows.map((r) => r.data),
    rows.map((r) => r.metadata),
    rows.map((r) => r.recordedAt),
    rows.map((r) => r.previousHash),
    rows.map((r) => r.hash),
  ];
}
