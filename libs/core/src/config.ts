import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every setting the platform reads from the environment. A bad value stops start-up with a message naming it. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Write logs to this file instead of standard output (tests capture them to look for personal data). */
  LOG_FILE: z.string().min(1).optional(),
  /** PostgreSQL for the event store and read models. Unset: the embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * The role the application acts as on every connection (migrations run as the URL's user): it
   * may append and read events but never change them. `none`: act as the URL's user.
   */
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case role name, or none')
    .default('safeguarding_app'),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54320),
  EVENT_STORE: z.enum(['postgres', 'kurrentdb']).default('postgres'),
  KURRENTDB_URL: z.string().min(1).optional(),
  /** Signs access tokens. Unset in development: a random secret kept under DATA_DIR. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL: z
    .string()
    .regex(/^\d+[smhd]$/, 'a duration such as 8h or 30m')
    .default('8h'),
  /** Seed the demo trust on an empty embedded database. */
  DEMO_SEED: bool.optional(),
  DEMO_PASSWORD: z.string().min(8).default('demo-password-1'),
  COVER_CAP_PERCENT: z.coerce.number().min(0).max(100).default(20),
  /**
   * Per client address and minute: failed sign-ins (a whole school shares one address, so hundreds),
   * second-factor requests (step-up, enrolment, stream tickets: a bucket of their own), and writes.
   */
  RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_SECOND_FACTOR_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Wraps the per-subject data keys (base64 of 32 bytes). Unset in development: a random key kept under DATA_DIR. */
  MASTER_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be the base64 of 32 bytes')
    .optional(),
  /** Child-protection records become eligible for erasure this many years after the date of birth. */
  RETENTION_YEARS: z.coerce.number().int().min(1).max(150).default(25),
  /**
   * Where seals of the history are also written, outside the database: storage an auditor keeps and the
   * database's administrators cannot rewrite. Unset: DATA_DIR/seals-<database>.jsonl; `none`: nowhere.
   */
  SEAL_LOG: z.string().min(1).optional(),
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (Express's `trust proxy`):
   * `false` (none, the default: the socket's address), `loopback`, a hop count, or addresses/CIDRs.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(false|true|loopback|\d+|[0-9a-fA-F.:/, ]+)$/, 'false, loopback, a number of hops or a list of addresses')
    .default('false'),
  /** How often the history is sealed, in minutes (0: never on a timer). */
  SEAL_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** Also seal once this many events were stored since the last seal (0: never by count). */
  SEAL_EVERY_EVENTS: z.coerce.number().int().min(0).max(10_000_000).default(1000),
  /**
   * Email alerts go out through this SMTP server (`smtp://user:pass@host:587`, `smtps://…:465`).
   * Unset: no email is sent (the start-up log says so); alerts are still in the inbox.
   */
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), 'an smtp:// or smtps:// URL')
    .optional(),
  /** The sender of alert emails. */
  MAIL_FROM: z.string().min(3).default('Safeguarding platform <no-reply@localhost>'),
  /** Where the web app is reached, for the links in emails. Unset: http://localhost:PORT. */
  PUBLIC_URL: z.string().url().optional(),
  /** How often queued emails are looked for and sent, in seconds (0: only when asked, as the tests do). */
  NOTIFY_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  /** The hour (London time) the daily digest of alerts goes out. */
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** Where attachments' (encrypted) bytes are kept: PostgreSQL, or an S3-compatible bucket. */
  ATTACHMENT_STORE: z.enum(['postgres', 's3']).default('postgres'),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().min(1).default('eu-west-2'),
  /** An S3-compatible service other than AWS (MinIO, Ceph): its URL. Credentials: the AWS SDK's usual environment. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
});

export type PlatformConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): PlatformConfig {
  // Empty strings count as unset, as in most shells' `VAR= npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const config = parsed.data;
  if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_URL)
    throw new ConfigError('Invalid configuration: KURRENTDB_URL: required when EVENT_STORE=kurrentdb');
  if (config.ATTACHMENT_STORE === 's3' && !config.S3_BUCKET)
    throw new ConfigError('Invalid configuration: S3_BUCKET: required when ATTACHMENT_STORE=s3');
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET)
    throw new ConfigError('Invalid configuration: JWT_SECRET: required in production');
  if (config.NODE_ENV === 'production' && !config.MASTER_KEY)
    throw new ConfigError('Invalid configuration: MASTER_KEY: required in production');
  return config;
}

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
