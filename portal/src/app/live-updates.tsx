// Live updates: one EventSource per tab on GET /api/events (the session cookie signs it in), shared by
// the views. The inbox reloads its rows and the task page its task when a task they show changes; a new
// task is announced with a small notice. EventSource reconnects by itself when the stream drops (the
// server also ends it every few minutes so a reopened one signs in anew); a refused one (signed out,
// too many tabs) is tried again after a growing wait. Each (re)opened stream starts with `ready`: after
// the first, views reload, since changes in the gap were not sent.
import { App as AntApp } from 'antd';
import { type ReactNode, createContext, useContext, useEffect, useRef } from 'react';
import type { READY_EVENT, RESYNC_EVENT, TASK_EVENT, TaskEvent } from '@hotline/api-types';
import { useSession } from './session';

export type { TaskEvent } from '@hotline/api-types';

// the stream's event names (api-types; types only, so no schema code reaches the bundle)
const READY: typeof READY_EVENT = 'ready';
const RESYNC: typeof RESYNC_EVENT = 'resync';
const TASK: typeof TASK_EVENT = 'task';

/** A task changed, or (resync) changes may have been missed: reload. */
export type LiveMessage = { kind: 'task'; event: TaskEvent } | { kind: 'resync' };
type Listener = (message: LiveMessage) => void;

const LiveContext = createContext<{ subscribe(listener: Listener): () => void } | null>(null);

const FIRST_RETRY_MS = 5_000;
const LAST_RETRY_MS = 120_000;
/** New tasks arriving within this time share one notice. */
const NOTICE_GATHER_MS = 500;

export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const { api, user, formLabel } = useSession();
  const { notification } = AntApp.useApp();
  const listeners = useRef(new Set<Listener>());
  const words = useRef({ formLabel, notification });
  words.current = { formLabel, notification };
  const live = user.scope !== null; // only a pack role has tasks (others are refused the stream)

  useEffect(() => {
    if (!live || typeof EventSource === 'undefined') return undefined;
    let source: EventSource | null = null;
    let retry: number | undefined;
    let wait = FIRST_RETRY_MS;
    let opened = false;
    const emit = (message: LiveMessage) => {
      for (const listener of [...listeners.current]) listener(message);
    };
    // new tasks announced once a moment has gathered them: one notice, replaced rather than stacked
    let arrived: TaskEvent[] = [];
    let announcing: number | undefined;
    const announce = (event: TaskEvent) => {
      arrived.push(event);
      announcing ??= window.setTimeout(() => {
        const [first, ...more] = arrived;
        arrived = [];
        announcing = undefined;
        if (!first) return;
        const { formLabel: label, notification: notify } = words.current;
        notify.info({
          key: 'live-new-tasks',
          message: more.length === 0 ? '新的待办任务' : `${more.length + 1} 个新的待办任务`,
          description:
            more.length > 0 ? '请在我的待办中查看。' : first.ticketNumber ? `工单 ${first.ticketNumber} 已转到您这里：${label(first.form)}（${first.name}）` : `${first.name} 已转到您这里`,
          placement: 'bottomRight',
          duration: 6,
          props: { 'data-testid': 'live-notice' },
        });
      }, NOTICE_GATHER_MS);
    };
    const connect = () => {
      const current = new EventSource(api.eventsUrl());
      source = current;
      current.addEventListener(READY, () => {
        if (opened) emit({ kind: 'resync' });
        opened = true;
        wait = FIRST_RETRY_MS;
      });
      current.addEventListener(RESYNC, () => emit({ kind: 'resync' }));
      current.addEventListener(TASK, (e) => {
        const event = JSON.parse((e as MessageEvent<string>).data) as TaskEvent;
        emit({ kind: 'task', event });
        if (event.change === 'created') announce(event);
      });
      current.onerror = () => {
        // CONNECTING: the browser reconnects by itself; CLOSED: refused (401, 429 …), try again later
        if (current.readyState !== EventSource.CLOSED) return;
        current.close();
        retry = window.setTimeout(connect, wait);
        wait = Math.min(wait * 2, LAST_RETRY_MS);
      };
    };
    connect();
    return () => {
      window.clearTimeout(retry);
      window.clearTimeout(announcing);
      source?.close();
    };
  }, [api, live]);

  const value = useRef({
    subscribe(listener: Listener) {
      listeners.current.add(listener);
      return () => void listeners.current.delete(listener);
    },
  }).current;
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** Calls `onMessage` with each live message while the view is shown (the latest `onMessage`, without resubscribing). */
export function useLiveUpdates(onMessage: Listener): void {
  const live = useContext(LiveContext);
  const latest = useRef(onMessage);
  latest.current = onMessage;
  useEffect(() => live?.subscribe((m) => latest.current(m)), [live]);
}
