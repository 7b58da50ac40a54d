import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlatformConfig } from '#lib/core';

/**
 * The key that wraps every data key: MASTER_KEY (required in production), or in development a
 * random key kept under DATA_DIR so records stay readable across restarts. Every process of one
 * deployment must use the same key.
 */
export async function masterKeyOf(config: Pick<PlatformConfig, 'MASTER_KEY' | 'DATA_DIR'>): Promise<Buffer> {
  if (config.MASTER_KEY) return Buffer.from(config.MASTER_KEY, 'base64');
  return developmentMasterKey(config.DATA_DIR);
}

async function developmentMasterKey(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'master-key');
  const read = async () => Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  try {
    return await read();
  } catch {
    await mkdir(dataDir, { recursive: true });
    // Written aside, then linked into place: when several processes start together, the first key
    // linked is the one all of them use, and none reads a half-written file.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(draft, randomBytes(32).toString('base64'), { mode: 0o600 });
    try {
      await link(draft, file).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
    } finally {
      await unlink(draft);
    }
    return read();
  }
}
