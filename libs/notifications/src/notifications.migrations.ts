import type { Migration } from '#lib/event-store';

/**
 * Email is an effect of alerts, kept here so it survives a restart and happens once per alert and
 * recipient: `notification_messages` is the outbox (its key is the idempotency key: `alert:<alert>:<recipient>`
 * or `digest:<recipient>:<London date>`), `notification_digest_items` what waits for a person's next
 * digest, `notification_alerts_seen` the alerts already turned into either.
 */
export const NOTIFICATION_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'email preferences, outbox, digests, notices',
    sql: `
      CREATE TABLE notification_preferences (
        staff_id uuid PRIMARY KEY,
        email text NOT NULL CHECK (email IN ('immediate', 'digest', 'off')),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE notification_alerts_seen (
        alert_id uuid PRIMARY KEY,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE notification_messages (
        key text PRIMARY KEY,
        recipient_id uuid NOT NULL,
        address text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        queued_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        sent_at timestamptz
      );
      CREATE INDEX notification_messages_due ON notification_messages (next_attempt_at) WHERE sent_at IS NULL;
      CREATE TABLE notification_digest_items (
        alert_id uuid NOT NULL,
        recipient_id uuid NOT NULL,
        kind text NOT NULL,
        school_id uuid NOT NULL,
        raised_at timestamptz NOT NULL,
        digest_key text,
        PRIMARY KEY (alert_id, recipient_id)
      );
      CREATE INDEX notification_digest_items_waiting ON notification_digest_items (recipient_id) WHERE digest_key IS NULL;
      CREATE TABLE notice_dismissals (
        staff_id uuid NOT NULL,
        notice_id text NOT NULL,
        dismissed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (staff_id, notice_id)
      );
    `,
  },
];
