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
    return { actor: toActor(row), totpSecret: row.totp_secret };
  }

  async byId(staffId: string): Promise<(SignInCandidate & { email: string; pendingSecret: string | null }) | null> {
    const { rows } = await this.pool.query<AccountRow>('SELECT * FROM accounts WHERE staff_id = $1', [staffId]);
    const row = rows[0];
    return row ? { actor: toActor(row), totpSecret: row.totp_secret, email: row.email, pendingSecret: row.totp_pending_secret } : null;
  }

  /** Starts enrolment: the secret only counts once a first code from it is confirmed. */
  async setPendingTotpSecret(staffId: string, secret: string): Promise<void> {
    await this.pool.query('UPDATE accounts SET totp_pending_secret = $2 WHERE staff_id = $1', [staffId, secret]);
  }

  async confirmTotp(staffId: string, secret: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE accounts SET totp_secret = $2, totp_pending_secret = NULL, mfa_enrolled_at = $3 WHERE staff_id = $1', [
      staffId,
      secret,
      at,
    ]);
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

  async schoolsOfTrust(trustId: string): Promise<{ id: string; slug: string; name: string }[]> {
    const { rows } = await this.pool.query('SELECT id, slug, name FROM schools WHERE trust_id = $1 ORDER BY name', [trustId]);
    return rows;
  }
}

function toActor(row: AccountRow): Actor {
  return { staffId: row.staff_id, name: row.name, roles: row.roles, schoolId: row.school_id, trustId: row.trust_id };
}
