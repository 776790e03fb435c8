// Dates and instants without a time-zone library: a city's offset is fixed (+08:00 in China,
// no DST since 1991), so a local day is just an integer count of days since 1970-01-01.

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a local calendar date. */
export type EpochDay = number;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;
const OFFSET_RE = /^([+-])(\d{2}):(\d{2})$/;

function daysFromCivil(y: number, m: number, d: number): EpochDay {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** `2026-11-20` → epoch day, or null when it is not a real calendar date. */
export function parseLocalDate(text: string): EpochDay | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(y, mo, d) ? daysFromCivil(y, mo, d) : null;
}

export function formatLocalDate(day: EpochDay): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOf(day: EpochDay): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: EpochDay): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: EpochDay): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

/** `+08:00` → 480, or null when malformed. */
export function parseOffset(text: string): number | null {
  const m = OFFSET_RE.exec(text);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[2]) > 14 || Number(m[3]) > 59) return null;
  return m[1] === '-' ? -minutes : minutes;
}

export type InstantParse = { ok: true; ms: number } | { ok: false; reason: string };

/**
 * Strict ISO-8601 instant with an explicit offset (`2026-11-20T16:00:00+08:00` or `...Z`).
 * A time without an offset is refused: it would silently mean different instants on different servers.
 */
export function parseInstant(text: string): InstantParse {
  const m = INSTANT_RE.exec(text);
  if (!m) {
    return {
      ok: false,
      reason: 'expected an ISO-8601 instant with an offset, like 2026-11-20T16:00:00+08:00',
    };
  }
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [number, number, number, number, number];
  const s = Number(m[6] ?? '0');
  const frac = m[7] ? Number(`0.${m[7]}`) : 0;
  if (!isRealDate(y, mo, d)) return { ok: false, reason: `${m[1]}-${m[2]}-${m[3]} is not a calendar date` };
  if (h > 23 || mi > 59 || s > 59) return { ok: false, reason: `${m[4]}:${m[5]}:${m[6] ?? '00'} is not a time of day` };
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const parsed = parseOffset(m[8] as string);
    if (parsed === null) return { ok: false, reason: `${m[8]} is not a UTC offset` };
    offsetMinutes = parsed;
  }
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) + Math.round(frac * 1000) - offsetMinutes * MS_PER_MINUTE;
  return { ok: true, ms };
}

/** The local day an instant falls on. */
export function localDayOf(ms: number, offsetMinutes: number): EpochDay {
  return Math.floor((ms + offsetMinutes * MS_PER_MINUTE) / MS_PER_DAY);
}

/** Milliseconds since local midnight. */
export function localTimeOfDay(ms: number, offsetMinutes: number): number {
  const local = ms + offsetMinutes * MS_PER_MINUTE;
  return local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
}

/** The instant of local midnight at the start of a day. */
export function startOfLocalDay(day: EpochDay, offsetMinutes: number): number {
  return day * MS_PER_DAY - offsetMinutes * MS_PER_MINUTE;
}

/** `2026-11-24T00:00:00+08:00`: an instant written in the city's own offset. */
export function formatInstant(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * MS_PER_MINUTE).toISOString(); // …Z, but local digits
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const millis = local.slice(19, 23);
  return `${local.slice(0, 19)}${millis === '.000' ? '' : millis}${off}`;
}

/** `09:30` → minutes since midnight. The schema guarantees the shape. */
export function parseClock(text: string): number {
  const [h, m] = text.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
