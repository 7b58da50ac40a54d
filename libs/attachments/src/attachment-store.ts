import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { PlatformConfig } from '#lib/core';
import type { SubjectKeys } from '#lib/privacy';

/** Where the encrypted bytes live: a key is the subject and the SHA-256 of the plaintext. */
export interface BlobBackend {
  readonly name: string;
  /** Idempotent: the same key always holds the same plaintext. */
  put(subjectId: string, sha256: string, sealed: Buffer): Promise<void>;
  get(subjectId: string, sha256: string): Promise<Buffer | null>;
}

/** The embedded default: a table of the platform's database. */
export class PostgresBlobs implements BlobBackend {
  readonly name = 'postgres';
  constructor(private readonly pool: pg.Pool) {}

  async put(subjectId: string, sha256: string, sealed: Buffer): Promise<void> {
    await this.pool.query('INSERT INTO attachment_blobs (subject_id, sha256, sealed) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      subjectId,
      sha256,
      sealed,
    ]);
  }

  async get(subjectId: string, sha256: string): Promise<Buffer | null> {
    const { rows } = await this.pool.query<{ sealed: Buffer }>(
      'SELECT sealed FROM attachment_blobs WHERE subject_id = $1 AND sha256 = $2',
      [subjectId, sha256],
    );
    return rows[0]?.sealed ?? null;
  }
}

/**
 * An S3-compatible bucket (a trust's own storage). Objects are encrypted here before they leave, so
 * the bucket never holds plaintext and erasing the subject's key shreds them too. Not exercised by
 * the tests on the development machines (no S3 service there).
 */
export class S3Blobs implements BlobBackend {
  readonly name = 's3';
  private readonly client: S3Client;

  constructor(
    private readonly bucket: string,
    options: { region: string; endpoint?: string; forcePathStyle: boolean },
  ) {
    this.client = new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: options.forcePathStyle });
  }

  async put(subjectId: string, sha256: string, sealed: Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: `${subjectId}/${sha256}`, Body: sealed }));
  }

  async get(subjectId: string, sha256: string): Promise<Buffer | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${subjectId}/${sha256}` }));
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : null;
    } catch (err) {
      if (err instanceof NoSuchKey) return null;
      throw err;
    }
  }
}

export function blobBackendOf(
  config: Pick<PlatformConfig, 'ATTACHMENT_STORE' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ENDPOINT' | 'S3_FORCE_PATH_STYLE'>,
  pool: pg.Pool,
): BlobBackend {
  if (config.ATTACHMENT_STORE === 's3')
    return new S3Blobs(config.S3_BUCKET!, {
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  return new PostgresBlobs(pool);
}

const IV = 12;
const TAG = 16;
const aad = (subjectId: string, sha256: string) => Buffer.from(`attachment\u0000v1\u0000${subjectId}\u0000${sha256}`, 'utf8');

/**
 * Attachments' bytes encrypted (AES-256-GCM) with the data key of their record's subject, bound to
 * that subject and their hash. Once the subject is erased the bytes can never be read again.
 */
export class AttachmentStore {
  constructor(
    private readonly backend: BlobBackend,
    private readonly keys: SubjectKeys,
  ) {}

  /** Throws SubjectErasedError when the subject was erased. */
  async put(subjectId: string, sha256: string, bytes: Buffer): Promise<void> {
    const key = await this.keys.keyFor(subjectId);
    const iv = randomBytes(IV);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(subjectId, sha256));
    const ct = Buffer.concat([cipher.update(bytes), cipher.final()]);
    await this.backend.put(subjectId, sha256, Buffer.concat([iv, cipher.getAuthTag(), ct]));
  }

  /** The plaintext, or null: erased, missing, or altered. */
  async get(subjectId: string, sha256: string): Promise<Buffer | null> {
    const key = (await this.keys.lookup([subjectId])).get(subjectId);
    if (!Buffer.isBuffer(key)) return null;
    const sealed = await this.backend.get(subjectId, sha256);
    if (!sealed) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV), { authTagLength: TAG });
      decipher.setAAD(aad(subjectId, sha256));
      decipher.setAuthTag(sealed.subarray(IV, IV + TAG));
      const bytes = Buffer.concat([decipher.update(sealed.subarray(IV + TAG)), decipher.final()]);
      return createHash('sha256').update(bytes).digest('hex') === sha256 ? bytes : null;
    } catch {
      return null;
    }
  }
}
