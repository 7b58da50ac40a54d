import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import type pg from 'pg';
import { PG_POOL } from '#lib/core';
import type { Actor, Role } from '#lib/kernel';

export interface NewAccount {
  staffId: string;
  email: string;
  password: string;
  name: string;
  roles: Role[];
  schoolId: string | null;
  trustId: string;
}

interface AccountRow {
  staff_id: string;
  email: string;
  password_hash: string;
  name: string;
  roles: Role[];
  school_id: string | null;
  trust_id: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  deactivated_at: Date | null;
}

export interface SignInCandidate {
  actor: Actor;
  /** The confirmed second-factor secret, when enrolled. */
  totpSecret: string | null;
}

@Injectable()
export class Accounts {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async create(account: NewAccount): Promise<void> {
    // argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes).
    const passwordHash = await hash(account.password);
    await this.pool.query(
      `INSERT INTO accounts (staff_id, email, password_hash, name, roles, school_id, trust_id) VALUES ($1, lower($2), $3, $4, $5, $6, $7)`,
      [account.staffId, account.email, passwordHash, account.name, account.roles, account.schoolId, account.trustId],
    );
  }

  async remove(staffId: string): Promise<void> {
    await this.pool.query('DELETE FROM accounts WHERE staff_id = $1', [staffId]);
  }

  async emailTaken(email: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM accounts WHERE email = lower($1)', [email]);
    return (rowCount ?? 0) > 0;
  }

  /** The accounts with these emails (any case): whose they are and their school, to match an import's rows. */
  async withEmails(emails: readonly string[]): Promise<{ staffId: string; email: string; schoolId: string | null }[]> {
    if (emails.length === 0) return [];
    const { rows } = await this.pool.query<Pick<AccountRow, 'staff_id' | 'email' | 'school_id'>>(
      'SELECT staff_id, email, school_id FROM accounts WHERE email = ANY($1::text[])',
      [emails.map((e) => e.toLowerCase())],
    );
    return rows.map((r) => ({ staffId: r.staff_id, email: r.email, schoolId: r.school_id }));
  }

  /** The name shown for the account (signed in, in view logs) follows the staff record's. */
  async rename(staffId: string, name: string): Promise<void> {
    await this.pool.query('UPDATE accounts SET name = $2 WHERE staff_id = $1', [staffId, name]);
  }

  /** The account for a correct email and password, or null. */
  async check(email: string, password: string): Promise<SignInCandidate | null> {
    const { rows } = await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE email = lower($1)', [email]);
    const row = rows[0];
    if (!row) {
      // Same work either way, so timing does not reveal which emails exist.
      await verify('$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0C9X2QH1r6l1y8cQ7e0iA1r2v4zK8Q2QFhQm7tL5l1M', password).catch(
        () => false,
      );
      return null;
    }
    if (!(await verify(row.password_hash, password).catch(() => false))) return null;
    // A deactivated account is refused like a wrong password: nothing tells a guesser it exists.
    if (row.deactivated_at) return null;
    return { actor: toActor(row), totpSecret: row.totp_secret };
  }

  async byId(staffId: string): Promise<(SignInCandidate & { email: string; pendingSecret: string | null }) | null> {
    const { rows } = await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE staff_id = $1', [staffId]);
    const row = rows[0];
    return row && !row.deactivated_at
      ? { actor: toActor(row), totpSecret: row.totp_secret, email: row.email, pendingSecret: row.totp_pending_secret }
      : null;
  }

  /** Starts enrolment: the secret only counts once a first code from it is confirmed. */
  async setPendingTotpSecret(staffId: string, secret: string): Promise<void> {
    await this.pool.query('UPDATE accounts SET totp_pending_secret = $2 WHERE staff_id = $1', [staffId, secret]);
  }

  /**
   * Confirms the second factor. `step`: the time step of the code that confirmed it (that code is
   * then used); the demo seed and the tests enrol without a code.
   */
  async confirmTotp(staffId: string, secret: string, at: Date, step: number | null = null): Promise<void> {
    await this.pool.query(
      'UPDATE accounts SET totp_secret = $2, totp_pending_secret = NULL, mfa_enrolled_at = $3, totp_last_step = $4 WHERE staff_id = $1',
      [staffId, secret, at, step],
    );
  }

  /**
   * Takes a code's time step as used, once: false when this or a later step was accepted before
   * (the same code replayed, at sign-in or step-up). One statement, so two requests racing with one
   * code cannot both win.
   */
  async useTotpStep(staffId: string, step: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE accounts SET totp_last_step = $2 WHERE staff_id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)',
      [staffId, step],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Marks the account deactivated: it signs in no more (its sessions are ended by the caller). */
  async deactivate(staffId: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE accounts SET deactivated_at = $2 WHERE staff_id = $1 AND deactivated_at IS NULL', [staffId, at]);
  }

  /** The roles the next sign-in puts in its token. */
  async setRoles(staffId: string, roles: Role[]): Promise<void> {
    await this.pool.query('UPDATE accounts SET roles = $2 WHERE staff_id = $1', [staffId, roles]);
  }

  async createTrust(id: string, name: string): Promise<void> {
    await this.pool.query('INSERT INTO trusts (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, name]);
  }

  async createSchool(id: string, trustId: string, slug: string, name: string): Promise<void> {
    await this.pool.query('INSERT INTO schools (id, trust_id, slug, name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      id,
      trustId,
      slug,
      name,
    ]);
  }

  async isEmpty(): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM trusts LIMIT 1');
    return !rowCount;
  }

  /** Any school of the platform, whichever trust it belongs to (a pupil may move between trusts). */
  async school(id: string): Promise<{ id: string; trustId: string; name: string } | null> {
    const { rows } = await this.pool.query<{ id: string; trustId: string; name: string }>(
      'SELECT id, trust_id AS "trustId", name FROM schools WHERE id::text = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  /** Every school on the platform, of every trust, by name. */
  async allSchools(): Promise<{ id: string; trustId: string; name: string }[]> {
    const { rows } = await this.pool.query<{ id: string; trustId: string; name: string }>(
      'SELECT id, trust_id AS "trustId", name FROM schools ORDER BY name, id',
    );
    return rows;
  }

  async schoolsOfTrust(trustId: string): Promise<{ id: string; slug: string; name: string }[]> {
    const { rows } = await this.pool.query('SELECT id, slug, name FROM schools WHERE trust_id = $1 ORDER BY name', [trustId]);
    return rows;
  }
}

function toActor(row: AccountRow): Actor {
  return { staffId: row.staff_id, name: row.name, roles: row.roles, schoolId: row.school_id, trustId: row.trust_id };
}
