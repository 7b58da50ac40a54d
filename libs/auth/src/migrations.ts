import type { Migration } from '#lib/event-store';

/** Sign-in data lives outside the event store: credentials are secrets, not facts about the school. */
export const AUTH_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'trusts, schools, accounts, sign-in attempts',
    sql: `
      CREATE TABLE trusts (id uuid PRIMARY KEY, name text NOT NULL);
      CREATE TABLE schools (id uuid PRIMARY KEY, trust_id uuid NOT NULL REFERENCES trusts(id), slug text NOT NULL UNIQUE, name text NOT NULL);
      CREATE TABLE accounts (
        staff_id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        name text NOT NULL,
        roles text[] NOT NULL,
        school_id uuid REFERENCES schools(id),
        trust_id uuid NOT NULL REFERENCES trusts(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE sign_in_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text NOT NULL,
        succeeded boolean NOT NULL,
        at timestamptz NOT NULL
      );
      CREATE INDEX sign_in_attempts_email_at ON sign_in_attempts (email, at);
    `,
  },
  {
    version: 2,
    name: 'multi-factor sign-in',
    sql: `
      ALTER TABLE accounts ADD COLUMN totp_secret text;
      ALTER TABLE accounts ADD COLUMN totp_pending_secret text;
      ALTER TABLE accounts ADD COLUMN mfa_enrolled_at timestamptz;
    `,
  },
];
