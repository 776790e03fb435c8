// The deadline watch's ladder: the warnings 预警 of the watched stage, then its due instant. The watch
// timer waits on one rung at a time (`watchNextAt`, `watchNextKind`: a warning's key, or `due`), so policy
// staff see one timer in the diagram, and each warning moves with the deadline it belongs to.
import { parseInstant } from '@hotline/rules';
import type { ServiceJob, Variables } from '../port';
import { JobInputError } from './job-input';

/** One warning of a stage as `hotline.deadline` writes it into `<as>Warnings`. */
export interface WarningRung {
  key: string;
  trigger: string;
  label: string;
  /** ISO-8601 in the city's offset. */
  at: string;
}

export const DUE_RUNG = 'due';

/** `<as>Warnings` or `watchWarnings`, earliest first; absent (a ticket started before warnings): none. */
export function warningsVariable(job: ServiceJob, name: string): Array<WarningRung & { ms: number }> {
  const value = job.variables[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new JobInputError(job, `the variable "${name}" must be a list of warnings, got ${JSON.stringify(value)}`);
  return value
    .map((item: unknown) => {
      const rung = item as Partial<WarningRung>;
      const parsed = typeof rung?.at === 'string' ? parseInstant(rung.at) : undefined;
      if (typeof rung?.key !== 'string' || typeof rung.trigger !== 'string' || typeof rung.label !== 'string' || !parsed?.ok) {
        throw new JobInputError(job, `the variable "${name}" holds ${JSON.stringify(item)}, not a warning { key, trigger, label, at }`);
      }
      return { key: rung.key, trigger: rung.trigger, label: rung.label, at: rung.at as string, ms: parsed.ms };
    })
    .sort((a, b) => a.ms - b.ms);
}

/** The rung the timer waits on: the first warning after `afterMs` (or after the warning `afterKey`), else the due instant. */
export function nextRung(
  warnings: ReadonlyArray<WarningRung & { ms: number }>,
  due: string | null,
  after: { ms: number } | { key: string },
): Variables {
  if (due === null) return { watchNextAt: null, watchNextKind: null };
  const index = 'key' in after ? warnings.findIndex((w) => w.key === after.key) : -1;
  const next = 'key' in after ? warnings[index + 1] : warnings.find((w) => w.ms > after.ms);
  return next ? { watchNextAt: next.at, watchNextKind: next.key } : { watchNextAt: due, watchNextKind: DUE_RUNG };
}
