// The replica's subscribers to live updates and the fan-out to them: each NOTIFY the listener hears goes
// to the signed-in people of the task's city whose pack roles may act on it (the inbox's rules:
// tasks.service mayActOn), as an event without personal data. A person keeps at most
// MAX_STREAMS_PER_USER streams open on a replica (tabs, windows); one more is refused.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { TaskEvent } from '@hotline/api-types';
import { ApiError } from '../../http/errors';
import type { ActScope } from '../tasks/tasks.repository';
import { mayActOn } from '../tasks/tasks.service';
import { type TaskNotice, TaskEventListener } from './task-event-listener';

/** At most this many open streams per person and replica (browsers allow six connections per site). */
export const MAX_STREAMS_PER_USER = 5;

/** Where a subscriber's events go: one SSE stream. */
export interface StreamSink {
  task(event: TaskEvent): void;
  resync(): void;
  close(): void;
}

export interface Subscriber {
  userId: string;
  cityId: string;
  scope: ActScope;
  sink: StreamSink;
}

export function eventFor(notice: TaskNotice, userId: string): TaskEvent {
  return {
    change: notice.change,
    taskId: notice.taskId,
    name: notice.name,
    form: notice.form,
    ticketNumber: notice.ticketNumber,
    subjectKind: notice.subjectKind,
    byYou: notice.change === 'completed' ? notice.completedBy === userId : notice.change === 'claimed' && notice.assigneeId === userId,
  };
}

export class TaskEventHub {
  private readonly byUser = new Map<string, Set<Subscriber>>();
  private readonly listener: TaskEventListener;

  constructor(db: Knex, private readonly log: Logger | null) {
    this.listener = new TaskEventListener(db, log, (notice) => this.fanOut(notice), () => this.resyncAll());
  }

  /** Adds a stream once the replica listens (every change committed after this resolves reaches it). */
  async subscribe(subscriber: Subscriber): Promise<() => void> {
    const mine = this.byUser.get(subscriber.userId) ?? new Set<Subscriber>();
    if (mine.size >= MAX_STREAMS_PER_USER) {
      throw new ApiError(429, 'TOO_MANY_STREAMS', `同一用户最多同时打开 ${MAX_STREAMS_PER_USER} 个实时更新连接，请关闭多余的页面后重试。`);
    }
    mine.add(subscriber);
    this.byUser.set(subscriber.userId, mine);
    const remove = () => {
      mine.delete(subscriber);
      if (mine.size === 0 && this.byUser.get(subscriber.userId) === mine) this.byUser.delete(subscriber.userId);
    };
    try {
      await this.listener.start();
    } catch (error) {
      remove();
      this.log?.error({ err: error }, 'task event listener could not start');
      throw new ApiError(503, 'EVENTS_UNAVAILABLE', '实时更新暂不可用，请稍后重试。');
    }
    return remove;
  }

  /** Open streams (all people), for tests and health. */
  get streams(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  private fanOut(notice: TaskNotice): void {
    for (const set of this.byUser.values()) {
      for (const s of set) {
        if (s.cityId !== notice.cityId || !mayActOn(notice.unitId, notice.groups, s.scope)) continue;
        s.sink.task(eventFor(notice, s.userId));
      }
    }
  }

  private resyncAll(): void {
    for (const set of this.byUser.values()) for (const s of set) s.sink.resync();
  }

  /** The listening session's pid (tests end it to prove the reconnect). */
  listenerPid(): Promise<number | null> {
    return this.listener.backendPid();
  }

  async stop(): Promise<void> {
    for (const set of this.byUser.values()) for (const s of set) s.sink.close();
    this.byUser.clear();
    await this.listener.stop();
  }
}
