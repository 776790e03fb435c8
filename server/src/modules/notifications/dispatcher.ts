// Delivers the outbox: claims due rows with FOR UPDATE SKIP LOCKED (several servers, or several loops,
// never take one row at once), marks them `sending` with a lease and commits, delivers each through its
// channel outside any transaction, then marks it `delivered` — or schedules the next attempt after an
// exponential backoff (the `retry` package computes the delay; the schedule itself is in the row, so it
// survives a restart), or `failed` after the last attempt or a final refusal.
//
// The window between sending and marking: a crash there leaves the row `sending` with a lease that
// lapses. The next claim sees it was `sending` before (the delivery may have happened). A channel that
// is idempotent per row (the portal: one row per person and outbox row; an SMS gateway that honours the
// Idempotency-Key, the outbox row's id) delivers it again — the person gets it once. A channel that is
// not (SMS_GATEWAY_IDEMPOTENT=false) does not risk a second message: the row is marked `failed` with
// the reason, for staff to check (at most once).
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import retry from 'retry';
import type { NotificationChannel, OutboxRow } from './channels';

export interface DispatcherOptions {
  /** How often due rows are looked for (default 2 s); `kick()` looks at once. */
  pollMs?: number;
  batchSize?: number;
  /** How long a claimed row is another dispatcher's to leave alone (default 60 s, above the gateway's timeout). */
  leaseMs?: number;
  /** Backoff: the first retry after `minMs`, each next one `factor` times later, at most `maxMs`. */
  backoff?: { minMs?: number; maxMs?: number; factor?: number };
  /** Attempts before a row is given up (`failed`); default 8. */
  maxAttempts?: number;
}

/** The delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffDelayMs(attempts: number, backoff: DispatcherOptions['backoff'] = {}): number {
  return retry.createTimeout(Math.max(0, attempts - 1), {
    factor: backoff.factor ?? 2,
    minTimeout: backoff.minMs ?? 30_000,
    maxTimeout: backoff.maxMs ?? 60 * 60_000,
    randomize: false,
  });
}

interface ClaimedRow extends OutboxRow {
  /** `sending` when a delivery was under way before (a crash between send and mark). */
  was: string;
}

export class NotificationDispatcher {
  private readonly channels: Map<string, NotificationChannel>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Knex,
    channels: readonly NotificationChannel[],
    private readonly log: Logger,
    private readonly options: DispatcherOptions = {},
  ) {
    this.channels = new Map(channels.map((c) => [c.key, c]));
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      this.timer = setTimeout(() => {
        this.kick();
        tick();
      }, this.options.pollMs ?? 2_000);
      this.timer.unref();
    };
    tick();
    this.kick();
  }

  /** Looks for due rows now (after an event, in tests). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while ((await this.runOnce()) > 0 && !this.stopped);
        } catch (error) {
          this.log.error({ err: error }, 'notification dispatch failed');
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Stops polling; waits for the deliveries under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Claims one batch of due rows and delivers it; returns how many rows were claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.claim();
    await Promise.all(rows.map((row) => this.deliver(row)));
    return rows.length;
  }

  private async claim(): Promise<ClaimedRow[]> {
    const leaseMs = this.options.leaseMs ?? 60_000;
    const result = await this.db.raw(
      `with picked as (
         select id, status as was from notification_outbox
          where status in ('pending', 'sending') and next_attempt_at <= now() and (lease_until is null or lease_until < now())
          order by next_attempt_at
          limit ?
          for update skip locked
       )
       update notification_outbox o
          set status = 'sending', attempts = o.attempts + 1, lease_until = now() + make_interval(secs => ?)
         from picked where o.id = picked.id
       returning o.id, o.city_id, o.channel, o.recipients, o.ticket_id, o.task_id, o.title, o.body, o.attempts, picked.was`,
      [this.options.batchSize ?? 20, leaseMs / 1000],
    );
    return result.rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      cityId: r.city_id,
      channel: r.channel,
      recipients: r.recipients,
      ticketId: r.ticket_id,
      taskId: r.task_id,
      title: r.title,
      body: r.body,
      attempts: r.attempts,
      was: r.was,
    })) as ClaimedRow[];
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const channel = this.channels.get(row.channel);
    if (!channel) return this.fail(row, `渠道“${row.channel}”未配置（如短信网关：SMS_GATEWAY_URL），未发送`);
    if (row.was === 'sending' && !channel.idempotent) {
      return this.fail(row, '上次发送后服务中断，无法确认是否已发出；为避免重复发送，不再自动重发，请人工核实');
    }
    let outcome;
    try {
      outcome = await channel.deliver(row);
    } catch (error) {
      outcome = { ok: false as const, retry: true, error: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.ok) {
      await this.db('notification_outbox')
        .where({ id: row.id, status: 'sending' })
        .update({ status: 'delivered', delivered_at: this.db.fn.now(), lease_until: null, last_error: null, receipt: outcome.receipt ?? null });
      return;
    }
    const maxAttempts = this.options.maxAttempts ?? 8;
    if (!outcome.retry || row.attempts >= maxAttempts) return this.fail(row, outcome.error);
    const delay = backoffDelayMs(row.attempts, this.options.backoff);
    this.log.warn({ outbox: row.id, channel: row.channel, attempts: row.attempts, retryInMs: delay, error: outcome.error }, 'notification not delivered, retried later');
    await this.db('notification_outbox')
      .where({ id: row.id, status: 'sending' })
      .update({ status: 'pending', lease_until: null, last_error: outcome.error, next_attempt_at: this.db.raw('now() + make_interval(secs => ?)', [delay / 1000]) });
  }

  private async fail(row: ClaimedRow, error: string): Promise<void> {
    this.log.warn({ outbox: row.id, channel: row.channel, attempts: row.attempts, error }, 'notification given up');
    await this.db('notification_outbox').where({ id: row.id, status: 'sending' }).update({ status: 'failed', lease_until: null, last_error: error });
  }
}
