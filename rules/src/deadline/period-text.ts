// Periods written by people: `15m`, `2h`, `3d` (calendar days), `7wd` (working days).
import { HotlineError } from '../errors';
import type { Period, PeriodUnit } from '../pack/types';

const UNITS: Record<string, PeriodUnit> = { m: 'minute', h: 'hour', d: 'day', wd: 'workingDay' };

export function parsePeriod(text: string): Period {
  const m = /^(\d+)(m|h|d|wd)$/.exec(text.trim());
  if (!m || Number(m[1]) < 1) {
    throw new HotlineError(
      'BAD_PERIOD',
      `"${text}" is not a period: write a whole number and a unit, like 30m, 2h, 3d or 15wd (working days)`,
    );
  }
  return { amount: Number(m[1]), unit: UNITS[m[2] as string] as PeriodUnit };
}
