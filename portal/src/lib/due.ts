// How much time a task has left, in the words and colours staff read at a glance. Pure: unit-tested.
//
// "Due soon" is relative to the task's own window (from its creation to its due instant): the last
// quarter of it, but never more than the last 24 hours. A 15-minute acceptance turns amber with under
// 4 minutes left; a 7-working-day handling period in its last day.

import { isOverdue } from '@hotline/rules';

export type DueState = 'none' | 'ok' | 'soon' | 'overdue';

export interface DueStatus {
  state: DueState;
  /** Milliseconds left (negative when overdue); null without a due instant. */
  remainingMs: number | null;
  /** `剩余 2天3小时`, `已超期 45分钟`, `无时限`. */
  label: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SOON_CAP_MS = DAY;
const SOON_SHARE = 0.25;
/** Without a known start: amber in the last 4 hours. */
const SOON_DEFAULT_MS = 4 * HOUR;

/** A duration in Chinese, to the two largest units (days and hours, hours and minutes, …). */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  const seconds = Math.floor((abs % MINUTE) / 1000);
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`;
  if (hours > 0) return minutes > 0 ? `${hours}小时${minutes}分钟` : `${hours}小时`;
  if (minutes > 0) return minutes >= 10 ? `${minutes}分钟` : `${minutes}分${seconds}秒`;
  return `${seconds}秒`;
}

export function soonThresholdMs(dueAt: number, createdAt: number | null): number {
  if (createdAt === null || !Number.isFinite(createdAt) || createdAt >= dueAt) return SOON_DEFAULT_MS;
  return Math.min(SOON_CAP_MS, (dueAt - createdAt) * SOON_SHARE);
}

export function dueStatus(dueAt: string | null, now: number, createdAt: string | null = null): DueStatus {
  if (dueAt === null) return { state: 'none', remainingMs: null, label: '无时限' };
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return { state: 'none', remainingMs: null, label: '无时限' };
  const remainingMs = due - now;
  if (isOverdue(due, now)) return { state: 'overdue', remainingMs, label: `已超期 ${formatDuration(remainingMs)}` };
  const created = createdAt === null ? null : Date.parse(createdAt);
  const state = remainingMs <= soonThresholdMs(due, created) ? 'soon' : 'ok';
  return { state, remainingMs, label: `剩余 ${formatDuration(remainingMs)}` };
}

/** antd colour names for each state (Tag colours and text types). */
export const DUE_COLOURS: Record<DueState, string> = { none: 'default', ok: 'green', soon: 'orange', overdue: 'red' };

/**
 * An instant as staff write it, in the city's time (+08:00): `11月23日 16:05`, `2026-11-23 16:05`.
 * Midnight is written as 24:00 of the day that ends (`11月23日 24:00`), as the regulations count a
 * period "to 24:00 of the Nth working day" and the timeline says it.
 */
export function formatInstant(iso: string | null | undefined, withYear = false, utcOffsetMinutes = 480): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const local = new Date(t + utcOffsetMinutes * MINUTE);
  const midnight = local.getUTCHours() === 0 && local.getUTCMinutes() === 0 && local.getUTCSeconds() === 0;
  const d = midnight ? new Date(local.getTime() - MINUTE) : local;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = withYear ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  return midnight ? `${date} 24:00` : `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
