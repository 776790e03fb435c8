// One dedicated PostgreSQL connection per server replica LISTENs on the channel the `tasks` trigger
// NOTIFYs (migrations 0029-task-events). A NOTIFY reaches every listening session after its transaction
// commits, so each replica hears every change, whichever replica (or the engine's worker) made it. The
// connection is outside the pools: a LISTEN must stay on one session for as long as it listens.
//
// A dropped connection is opened again (1 s, doubling to 30 s); notifications sent while it was down are
// lost, so after a reconnect `onResync` tells the subscribers to reload what they show.
import type pg from 'pg';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TASK_EVENTS_CHANNEL } from '@hotline/migrations';

/** What the trigger announces (the server's view: it picks the recipients by it). */
export interface TaskNotice {
  change: 'created' | 'claimed' | 'completed' | 'withdrawn' | 'reopened';
  taskId: string;
  cityId: string;
  unitId: string | null;
  groups: string[];
  name: string;
  form: string | null;
  ticketNumber: string | null;
  subjectKind: string | null;
  assigneeId: string | null;
  completedBy: string | null;
}

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

/** A new connection with the knex's settings, outside its pool (knex's own way of opening one). */
function openConnection(db: Knex): Promise<pg.Client> {
  return (db.client as { acquireRawConnection(): Promise<pg.Client> }).acquireRawConnection();
}

export class TaskEventListener {
  private client: pg.Client | null = null;
  private starting: Promise<void> | null = null;
  private retryMs = FIRST_RETRY_MS;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  private everConnected = false;

  constructor(
    private readonly db: Knex,
    private readonly log: Logger | null,
    private readonly onNotice: (notice: TaskNotice) => void,
    private readonly onResync: () => void,
  ) {}

  /** Listening (resolves once the LISTEN is in place, so a change committed after it is heard). */
  async start(): Promise<void> {
    if (this.client) return;
    this.starting ??= this.connect().finally(() => (this.starting = null));
    return this.starting;
  }

  private async connect(): Promise<void> {
    const client = await openConnection(this.db);
    client.on('notification', (message) => {
      if (message.channel !== TASK_EVENTS_CHANNEL || !message.payload) return;
      try {
        this.onNotice(JSON.parse(message.payload) as TaskNotice);
      } catch (error) {
        this.log?.warn({ err: error }, 'unreadable task event');
      }
    });
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client, null));
    try {
      await client.query(`LISTEN ${TASK_EVENTS_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    if (this.everConnected) this.onResync();
    this.everConnected = true;
  }

  private dropped(client: pg.Client, error: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners();
    client.on('error', () => undefined);
    if (this.stopped) return;
    this.log?.warn({ err: error ?? undefined }, 'task event listener lost its connection; reconnecting');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.start().catch((error) => {
        this.log?.warn({ err: error }, 'task event listener could not reconnect yet');
        this.scheduleRetry();
      });
    }, wait);
    this.retry.unref();
  }

  /** The listening session's backend pid (tests end it to prove the reconnect). */
  async backendPid(): Promise<number | null> {
    if (!this.client) return null;
    const { rows } = await this.client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return rows[0]?.pid ?? null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.starting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
