import type { Migration } from '#lib/event-store';

/**
 * The bytes of attachments (encrypted, content-addressed by subject and SHA-256) and where each
 * attachment's record is. A location is only a pointer: the attachment exists when its event does.
 */
export const ATTACHMENT_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'attachment bytes and locations',
    sql: `
      CREATE TABLE attachment_blobs (
        subject_id text NOT NULL,
        sha256 text NOT NULL,
        sealed bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_id, sha256)
      );
      CREATE TABLE attachment_locations (
        attachment_id uuid PRIMARY KEY,
        record_type text NOT NULL CHECK (record_type IN ('concern', 'incident')),
        record_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
