import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { type Clock, CLOCK, PG_POOL } from '#lib/core';

/** Where one process tells the others (the gateway, the command services) that sessions ended. */
const SESSIONS_CHANNEL = 'auth_sessions_ended';
/**
 * How long a session found open is believed without asking again. NOTIFY invalidates at once; this
 * bounds the damage of a notification missed while the listening connection was down.
 */
const OPEN_SESSION_CACHE_MS = 10_000;
/** A stream ticket is for opening one EventSource now, not for keeping. */
export const STREAM_TICKET_TTL_MS = 60_000;

export type SessionKind = 'access' | 'mfa_enrolment';
export type SessionEnd = 'signed_out' | 'deactivated' | 'roles_changed' | 'enrolled';

/**
 * Every token names a session, checked on every request: cheap (a session found open is cached in
 * the process) and ended at once (sign-out, deactivation, a role change), here and, through
 * PostgreSQL NOTIFY, in every other process that shares the database.
 */
@Injectable()
export class Sessions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  private readonly open = new Map<string, { staffId: string; until: number }>();
  private listener: pg.PoolClient | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(staffId: string, kind: SessionKind): Promise<string> {
    const id = randomUUID();
    await this.pool.query('INSERT INTO sessions (id, staff_id, kind, started_at) VALUES ($1, $2, $3, $4)', [
      id,
      staffId,
      kind,
      this.clock.now(),
    ]);
    return id;
  }

  /** Open, of this account, and the account neither removed nor deactivated. */
  async isOpen(sessionId: string, staffId: string, kind: SessionKind): Promise<boolean> {
    const cached = this.open.get(sessionId);
    if (cached && cached.staffId === staffId && cached.until > Date.now()) return true;
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM sessions s JOIN accounts a ON a.staff_id = s.staff_id
        WHERE s.id = $1 AND s.staff_id = $2 AND s.kind = $3 AND s.ended_at IS NULL AND a.deactivated_at IS NULL`,
      [sessionId, staffId, kind],
    );
    if (!rowCount) {
      this.open.delete(sessionId);
      return false;
    }
    this.open.set(sessionId, { staffId, until: Date.now() + OPEN_SESSION_CACHE_MS });
    return true;
  }

  /** Ends one session (sign-out, or an enrolment token once used); true if it was open. */
  async end(sessionId: string, because: SessionEnd): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE sessions SET ended_at = $2, ended_because = $3 WHERE id = $1 AND ended_at IS NULL', [
      sessionId,
      this.clock.now(),
      because,
    ]);
    this.forget(sessionId);
    await this.announce(sessionId);
    return (rowCount ?? 0) > 0;
  }

  /** Ends every session of an account (deactivated, or its roles changed: what its tokens say is no longer true). */
  async endAllOf(staffId: string, because: SessionEnd): Promise<void> {
    await this.pool.query('UPDATE sessions SET ended_at = $2, ended_because = $3 WHERE staff_id = $1 AND ended_at IS NULL', [
      staffId,
      this.clock.now(),
      because,
    ]);
    this.forgetStaff(staffId);
    await this.announce(`staff:${staffId}`);
  }

  /**
   * A single-use ticket for the alert stream's URL (EventSource sends no headers, and a URL lands in
   * proxy logs): it carries the session's claims, lives a minute and opens one stream.
   */
  async issueStreamTicket(sessionId: string, claims: object): Promise<string> {
    const ticket = randomBytes(32).toString('base64url');
    await this.pool.query('INSERT INTO stream_tickets (ticket_hash, session_id, claims, expires_at) VALUES ($1, $2, $3, $4)', [
      hashOf(ticket),
      sessionId,
      JSON.stringify(claims),
      new Date(this.clock.now().getTime() + STREAM_TICKET_TTL_MS),
    ]);
    // Tickets nobody used are of no use after they expire.
    await this.pool.query('DELETE FROM stream_tickets WHERE expires_at < $1', [
      new Date(this.clock.now().getTime() - STREAM_TICKET_TTL_MS),
    ]);
    return ticket;
  }

  /** The claims of a ticket not used before and not expired, marking it used; null otherwise. */
  async redeemStreamTicket(ticket: string): Promise<Record<string, unknown> | null> {
    const now = this.clock.now();
    const { rows } = await this.pool.query<{ claims: Record<string, unknown> }>(
      'UPDATE stream_tickets SET used_at = $2 WHERE ticket_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING claims',
      [hashOf(ticket), now],
    );
    return rows[0]?.claims ?? null;
  }

  private forget(sessionId: string): void {
    this.open.delete(sessionId);
  }

  private forgetStaff(staffId: string): void {
    for (const [id, s] of this.open) if (s.staffId === staffId) this.open.delete(id);
  }

  private async announce(what: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [SESSIONS_CHANNEL, what]).catch(() => undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen().catch(() => this.listenLater());
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = await this.pool.connect();
    this.listener = client;
    client.on('notification', (n) => {
      if (n.channel !== SESSIONS_CHANNEL || !n.payload) return;
      if (n.payload.startsWith('staff:')) this.forgetStaff(n.payload.slice(6));
      else this.forget(n.payload);
    });
    client.on('error', () => {
      // The connection is gone (the database restarted): believe nothing cached, listen again.
      this.open.clear();
      if (this.listener === client) {
        this.listener = null;
        client.release(true);
        this.listenLater();
      }
    });
    await client.query(`LISTEN ${SESSIONS_CHANNEL}`);
  }

  private listenLater(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen().catch((err: Error) => {
        this.logger.warn({ err: { message: err.message } }, 'cannot listen for ended sessions yet');
        this.listenLater();
      });
    }, 1000);
    this.retry.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.listener;
    this.listener = null;
    if (client) {
      await client.query(`UNLISTEN ${SESSIONS_CHANNEL}`).catch(() => undefined);
      client.release();
    }
  }
}

function hashOf(ticket: string): string {
  return createHash('sha256').update(ticket).digest('hex');
}
