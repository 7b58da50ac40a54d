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
  {
    version: 3,
    name: 'sessions, single-use codes and tickets, lockout per account and address',
    sql: `
      -- A token names its session; ending the session (sign-out, deactivation, a role change) ends the token.
      CREATE TABLE sessions (
        id uuid PRIMARY KEY,
        staff_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('access', 'mfa_enrolment')),
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        ended_because text
      );
      CREATE INDEX sessions_staff_open ON sessions (staff_id) WHERE ended_at IS NULL;
      ALTER TABLE accounts ADD COLUMN deactivated_at timestamptz;
      -- RFC 6238 section 5.2: the last time step whose code was accepted; a code of that step or an earlier one is refused.
      ALTER TABLE accounts ADD COLUMN totp_last_step bigint;
      -- The client address, hashed (an address is personal data): the lockout counts per account and address.
      ALTER TABLE sign_in_attempts ADD COLUMN address text NOT NULL DEFAULT '';
      CREATE INDEX sign_in_attempts_email_address_at ON sign_in_attempts (email, address, at);
      CREATE TABLE stream_tickets (
        ticket_hash text PRIMARY KEY,
        session_id uuid NOT NULL,
        claims jsonb NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
    `,
  },
];
