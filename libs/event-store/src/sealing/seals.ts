import { open, readFile } from 'node:fs/promises';
import type { Checkpoint } from '../event-store.js';

/** The stream seals are appended to (they are events too, so the next seal covers them). */
export const SEAL_STREAM = 'seal';
export const HISTORY_SEALED = 'HistorySealed';

/**
 * A seal: the Merkle tree hash (RFC 6962) of the hashes of every event up to `upTo`, in the store's
 * gap-safe order — a set that can no longer change, so the root holds for good unless history is
 * rewritten.
 */
export interface Seal {
  upTo: Checkpoint;
  events: number;
  root: string;
  sealedAt: string;
}

/** Where seals are kept outside the database, for an auditor: a file here, a topic or a mailbox elsewhere. */
export interface SealLog {
  append(seal: Seal): Promise<void>;
  read(): Promise<Seal[]>;
}

/** One JSON line per seal, flushed to disk before the seal counts as written. */
export class FileSealLog implements SealLog {
  constructor(readonly path: string) {}

  async append(seal: Seal): Promise<void> {
    const file = await open(this.path, 'a', 0o600);
    try {
      await file.appendFile(`${JSON.stringify(seal)}\n`);
      await file.datasync();
    } finally {
      await file.close();
    }
  }

  async read(): Promise<Seal[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Seal);
  }
}
