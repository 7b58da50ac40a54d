import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type pg from 'pg';
import { debounceTime, filter, type Subscription } from 'rxjs';
import { Alert, ALERT_KIND_LABELS, ALERTS_PROJECTION } from '#lib/alerts';
import { CLOCK, type Clock, PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '#lib/core';
import { londonDate, type Role } from '#lib/kernel';
import { ReadModels } from '#lib/read-models';
import {
  alertEmail,
  type AlertToNotify,
  AUDIENCE_ROLE,
  DEFAULT_EMAIL_PREFERENCE,
  deliveryFor,
  digestEmail,
  type EmailPreference,
  type Recipient,
} from './notification-rules.js';

/** Alerts raised longer ago than this when first seen are not emailed (a new installation does not mail its history). */
const HORIZON_MS = 2 * 86_400_000;
const BATCH = 50;
/** After a failed send: 1 min, 2, 4 … up to an hour. */
const backoffSeconds = (attempts: number) => Math.min(3600, 60 * 2 ** Math.max(0, attempts - 1));
/** A claimed message is someone's to send for this long; after it, another process (or this one after a restart) retries. */
const LEASE_SECONDS = 120;

const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

export const NOTIFIER_TRANSPORT = Symbol('NOTIFIER_TRANSPORT');

/**
 * Email alerts as an effect of the inbox. Each run: (1) every alert not yet seen (raised within the
 * horizon) becomes, per recipient, an outbox message or a digest item, keyed by alert and recipient
 * so no alert is ever queued twice; (2) at the digest hour each person's waiting items become one
 * digest message, keyed by person and London date; (3) due messages are claimed (a lease, so two
 * processes never send the same one) and sent through SMTP, then marked sent.
 *
 * At least once: a crash after the SMTP server took a message and before it was marked sent sends it
 * again after the lease; its Message-ID is the same key, so a receiving system can drop the copy.
 * Everything lives in PostgreSQL, so a restart between an alert and its email loses nothing.
 */
@Injectable()
export class Notifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifier');
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private wakeups: Subscription | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModels,
  ) {
    // A process that only reads (the gateway, the command services) leaves email to where the alerts are written.
    this.transport = config.SMTP_URL && !readModels.readOnly ? nodemailer.createTransport(config.SMTP_URL) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  private get baseUrl(): string {
    return (this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/$/, '');
  }

  onApplicationBootstrap(): void {
    if (!this.transport) {
      if (!this.config.SMTP_URL) this.logger.log('SMTP_URL is not set: no email alerts will be sent (alerts are still in the inbox)');
      return;
    }
    this.logger.log(`email alerts through ${new URL(this.config.SMTP_URL!).host}`);
    const every = this.config.NOTIFY_INTERVAL_SECONDS;
    if (every > 0) {
      this.timer = setInterval(() => this.wake(), every * 1000);
      this.timer.unref();
      // A new alert in this process is emailed at once rather than at the next interval.
      this.wakeups = this.readModels.changes
        .pipe(
          filter((c) => c.projection === ALERTS_PROJECTION),
          debounceTime(200),
        )
        .subscribe(() => this.wake());
      this.wake();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.wakeups?.unsubscribe();
    await this.running?.catch(() => undefined);
    this.transport?.close();
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runOnce()
      .catch((err: unknown) => this.logger.error({ err }, 'notification run failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** One pass: queue what is new, make the digests that are due, send what is due (`send: false`: queue only). */
  async runOnce(o: { send?: boolean } = {}): Promise<{ queued: number; sent: number; failed: number }> {
    if (!this.transport) return { queued: 0, sent: 0, failed: 0 };
    const queued = await this.queueNewAlerts();
    await this.makeDigests();
    if (o.send === false) return { queued, sent: 0, failed: 0 };
    const { sent, failed } = await this.sendDue();
    return { queued, sent, failed };
  }

  private async queueNewAlerts(): Promise<number> {
    const since = new Date(this.clock.now().getTime() - HORIZON_MS);
    const recent = await this.readModels.readForPlatformJob(ALERTS_PROJECTION, (db) =>
      db
        .createQueryBuilder(Alert, 'a')
        .where('a.raisedAt >= :since', { since })
        .select(['a.id', 'a.kind', 'a.priority', 'a.audience', 'a.schoolId', 'a.concernId', 'a.aboutStaffId', 'a.raisedAt'])
        .getMany(),
    );
    if (recent.length === 0) return 0;
    const { rows: seen } = await this.pool.query<{ alert_id: string }>(
      'SELECT alert_id::text FROM notification_alerts_seen WHERE alert_id = ANY($1::uuid[])',
      [recent.map((a) => a.id)],
    );
    const seenIds = new Set(seen.map((r) => r.alert_id));
    let queued = 0;
    for (const alert of recent) {
      if (seenIds.has(alert.id)) continue;
      queued += await this.queue({ ...alert, concernId: alert.concernId ?? null, aboutStaffId: alert.aboutStaffId ?? null });
    }
    return queued;
  }

  /** The alert's messages and digest items, and the alert marked seen, in one transaction. */
  private async queue(alert: AlertToNotify): Promise<number> {
    const recipients = await this.recipientsOf(alert);
    const school = await this.schoolName(alert.schoolId);
    const client = await this.pool.connect();
    let queued = 0;
    try {
      await client.query('BEGIN');
      const first = await client.query('INSERT INTO notification_alerts_seen (alert_id) VALUES ($1) ON CONFLICT DO NOTHING', [alert.id]);
      // Another process queued it first: its messages stand.
      if (first.rowCount === 0) {
        await client.query('ROLLBACK');
        return 0;
      }
      for (const r of recipients) {
        const delivery = deliveryFor(alert, r);
        if (delivery === 'immediate') {
          const email = alertEmail(alert, {
            kindLabel: ALERT_KIND_LABELS[alert.kind] ?? alert.kind,
            schoolName: school,
            baseUrl: this.baseUrl,
          });
          const res = await client.query(
            `INSERT INTO notification_messages (key, recipient_id, address, subject, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
            [`alert:${alert.id}:${r.staffId}`, r.staffId, r.email, email.subject, email.text],
          );
          queued += res.rowCount ?? 0;
        } else if (delivery === 'digest') {
          await client.query(
            `INSERT INTO notification_digest_items (alert_id, recipient_id, kind, school_id, raised_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
            [alert.id, r.staffId, alert.kind, alert.schoolId, alert.raisedAt],
          );
        }
      }
      await client.query('COMMIT');
      return queued;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** The accounts the alert's audience names, with their choice. */
  private async recipientsOf(alert: AlertToNotify): Promise<Recipient[]> {
    const role: Role = AUDIENCE_ROLE[alert.audience];
    const trustLevel = alert.audience === 'trust_safeguarding_lead';
    const { rows } = await this.pool.query<{ staff_id: string; email: string; roles: Role[]; preference: EmailPreference | null }>(
      `SELECT a.staff_id::text, a.email, a.roles, p.email AS preference
         FROM accounts a LEFT JOIN notification_preferences p ON p.staff_id = a.staff_id
        WHERE $1 = ANY(a.roles) AND ${
          trustLevel ? 'a.school_id IS NULL AND a.trust_id = (SELECT trust_id FROM schools WHERE id = $2)' : 'a.school_id = $2'
        }
        ORDER BY a.staff_id`,
      [role, alert.schoolId],
    );
    return rows.map((r) => ({ staffId: r.staff_id, email: r.email, roles: r.roles, preference: r.preference ?? DEFAULT_EMAIL_PREFERENCE }));
  }

  private async schoolName(schoolId: string): Promise<string> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT name FROM schools WHERE id = $1', [schoolId]);
    return rows[0]?.name ?? 'your school';
  }

  /** From the digest hour (London) on, each person's waiting items become that day's one digest. */
  private async makeDigests(): Promise<void> {
    const now = this.clock.now();
    if (Number(LONDON_HOUR.format(now)) < this.config.DIGEST_HOUR) return;
    const date = londonDate(now.toISOString());
    const { rows: people } = await this.pool.query<{ recipient_id: string }>(
      'SELECT DISTINCT recipient_id::text FROM notification_digest_items WHERE digest_key IS NULL',
    );
    for (const { recipient_id: recipient } of people) {
      const key = `digest:${recipient}:${date}`;
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const { rows: items } = await client.query<{ kind: string; school: string | null }>(
          `UPDATE notification_digest_items i SET digest_key = $2
             FROM (SELECT alert_id, recipient_id FROM notification_digest_items
                    WHERE recipient_id = $1 AND digest_key IS NULL AND NOT EXISTS (SELECT 1 FROM notification_messages WHERE key = $2)
                    FOR UPDATE SKIP LOCKED) w
            WHERE i.alert_id = w.alert_id AND i.recipient_id = w.recipient_id
            RETURNING i.kind, (SELECT name FROM schools WHERE id = i.school_id) AS school`,
          [recipient, key],
        );
        const { rows: account } = await client.query<{ email: string }>('SELECT email FROM accounts WHERE staff_id = $1', [recipient]);
        if (items.length === 0 || !account[0]) {
          await client.query('ROLLBACK');
          continue;
        }
        const email = digestEmail(
          items.map((i) => ({ kindLabel: ALERT_KIND_LABELS[i.kind] ?? i.kind, schoolName: i.school ?? 'your school' })),
          { baseUrl: this.baseUrl, date },
        );
        await client.query(`INSERT INTO notification_messages (key, recipient_id, address, subject, body) VALUES ($1, $2, $3, $4, $5)`, [
          key,
          recipient,
          account[0].email,
          email.subject,
          email.text,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    }
  }

  private async sendDue(): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (;;) {
      if (this.stopped) break;
      const { rows } = await this.pool.query<{ key: string; address: string; subject: string; body: string; attempts: number }>(
        `UPDATE notification_messages m SET attempts = m.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
           FROM (SELECT key FROM notification_messages WHERE sent_at IS NULL AND next_attempt_at <= now()
                  ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
          WHERE m.key = due.key
          RETURNING m.key, m.address, m.subject, m.body, m.attempts`,
        [BATCH, LEASE_SECONDS],
      );
      if (rows.length === 0) break;
      for (const m of rows) {
        try {
          await this.transport!.sendMail({
            from: this.config.MAIL_FROM,
            to: m.address,
            subject: m.subject,
            text: m.body,
            messageId: `<${m.key.replace(/:/g, '.')}@safeguarding-platform>`,
            headers: { 'X-Idempotency-Key': m.key, 'Auto-Submitted': 'auto-generated' },
          });
          await this.pool.query('UPDATE notification_messages SET sent_at = now(), last_error = NULL WHERE key = $1', [m.key]);
          sent += 1;
        } catch (err) {
          failed += 1;
          await this.pool.query(
            'UPDATE notification_messages SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE key = $1',
            [m.key, String((err as Error).message ?? err).slice(0, 500), backoffSeconds(m.attempts)],
          );
          this.logger.warn({ key: m.key, attempts: m.attempts }, 'email not sent; will retry');
        }
      }
      if (rows.length < BATCH) break;
    }
    return { sent, failed };
  }
}
