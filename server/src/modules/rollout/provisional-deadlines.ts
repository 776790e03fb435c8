// Recomputing deadlines that were provisional: a period that counted days in a year whose official
// holiday schedule was not loaded counted weekends only (RULES.md "Working-day calendar"). When a pack
// with that year's calendar is published, each open ticket's deadlines are counted again, by the
// ticket's own rules (the rule version it was registered under: same period, same count start, same
// working-day mode) over the new pack's calendar. A deadline counted from another one (an extension
// counts from the end of the handling period) is counted from that one's new end.
// Pure: the service reads the deadlines from the tickets' timelines and writes the results.
import { type CityPack, CityRules, type Deadline, HotlineError, type LegalPeriod, type Period, formatInstant, parseInstant } from '@hotline/rules';

/** A `deadlineSet` entry of a ticket's timeline, as the `hotline.deadline` worker writes it. */
export interface RecordedDeadline {
  /** The instant the period was counted from (the event's `at`). */
  fromMs: number;
  stage: string;
  /** The variable prefix written: `handle` for `handleDue` (an extension writes `as=handle`). */
  as: string;
  /** The variable the start instant came from (`receivedAt`, `handleDue`, ...). */
  fromVariable: string | null;
  due: string;
  provisional: boolean;
  ruleVersion: string | null;
  period: Period;
  legalOverride?: string;
}

export interface TicketDeadlines {
  ticketId: string;
  type: string;
  urgency: string;
  registeredAtMs: number;
  /** In the order they were set. */
  deadlines: RecordedDeadline[];
}

export interface RecomputedDeadline {
  stage: string;
  as: string;
  previousDue: string;
  previousProvisional: boolean;
  due: string;
  provisional: boolean;
  /** The recorded entry the new one replaces (its fields, with the new due). */
  recorded: RecordedDeadline;
}

/** A `deadlineSet` timeline entry as recorded; null when it is not one the deadline worker wrote. */
export function recordedOf(row: { at: Date; data: Record<string, unknown> | null }): RecordedDeadline | null {
  const d = row.data ?? {};
  const period = d.period as { amount?: unknown; unit?: unknown; mode?: unknown } | undefined;
  if (typeof d.stage !== 'string' || typeof d.due !== 'string' || typeof d.provisional !== 'boolean') return null;
  if (!period || typeof period.amount !== 'number' || typeof period.unit !== 'string') return null;
  return {
    fromMs: row.at.getTime(),
    stage: d.stage,
    as: typeof d.as === 'string' ? d.as : d.stage,
    fromVariable: typeof d.from === 'string' ? d.from : null,
    due: d.due,
    provisional: d.provisional,
    ruleVersion: typeof d.ruleVersion === 'string' ? d.ruleVersion : null,
    period: { amount: period.amount, unit: period.unit as RecordedDeadline['period']['unit'], ...(typeof period.mode === 'string' ? { mode: period.mode as never } : {}) },
    ...(typeof d.legalOverride === 'string' ? { legalOverride: d.legalOverride } : {}),
  };
}

/** The ticket's rules, with the calendar of the newly published pack. */
export function rulesWithCalendar(ticketPack: CityPack, calendarPack: CityPack): CityRules {
  return new CityRules({ ...ticketPack, calendar: calendarPack.calendar });
}

function instantMs(text: string): number {
  const parsed = parseInstant(text);
  return parsed.ok ? parsed.ms : NaN;
}

export interface RecountOptions {
  /**
   * Count every deadline again under this rule version of `rules` (policy staff moved the ticket to
   * new rules), not only the provisional ones; a stage the new rules give no period keeps its deadline.
   */
  underVersion?: string;
}

/**
 * The ticket's current deadlines that come out differently with `rules` (another instant, or no
 * longer provisional). Only deadlines that were provisional, or counted from one that moved, are
 * counted again (every one, with `underVersion`); each `as` reports its latest deadline only.
 */
export function recomputeTicket(ticket: TicketDeadlines, rules: CityRules, options: RecountOptions = {}): RecomputedDeadline[] {
  const moved = new Map<string, { previousMs: number; dueMs: number }>();
  const latest = new Map<string, RecomputedDeadline | null>();
  for (const recorded of ticket.deadlines) {
    const previousMs = instantMs(recorded.due);
    let fromMs = recorded.fromMs;
    const source = recorded.fromVariable === null ? undefined : moved.get(recorded.fromVariable);
    const chained = source !== undefined && source.previousMs === fromMs && source.dueMs !== fromMs;
    if (chained) fromMs = source.dueMs;
    if (options.underVersion === undefined && !recorded.provisional && !chained) {
      moved.delete(`${recorded.as}Due`);
      latest.set(recorded.as, null);
      continue;
    }
    const legalPeriod: LegalPeriod | undefined = recorded.legalOverride ? { ...recorded.period, source: recorded.legalOverride } : undefined;
    const request = {
      stage: recorded.stage,
      type: ticket.type,
      urgency: ticket.urgency,
      from: fromMs,
      // the rule version the deadline was computed under; the registration's when it is unknown here
      at: ticket.registeredAtMs,
      ...(recorded.ruleVersion !== null && rules.pack.versions.some((v) => v.id === recorded.ruleVersion) ? { version: recorded.ruleVersion } : {}),
      ...(options.underVersion === undefined ? {} : { version: options.underVersion }),
      ...(legalPeriod ? { legalPeriod } : {}),
    };
    let deadline: Deadline;
    try {
      deadline = rules.deadline(request);
    } catch (error) {
      if (options.underVersion === undefined || !(error instanceof HotlineError)) throw error;
      latest.set(recorded.as, null);
      continue;
    }
    moved.set(`${recorded.as}Due`, { previousMs, dueMs: deadline.dueMs });
    const changed = deadline.dueMs !== previousMs || deadline.provisional !== recorded.provisional;
    latest.set(
      recorded.as,
      changed
        ? {
            stage: recorded.stage,
            as: recorded.as,
            previousDue: recorded.due,
            previousProvisional: recorded.provisional,
            due: formatInstant(deadline.dueMs, rules.offsetMinutes),
            provisional: deadline.provisional,
            recorded: { ...recorded, fromMs, due: formatInstant(deadline.dueMs, rules.offsetMinutes), provisional: deadline.provisional },
          }
        : null,
    );
  }
  return [...latest.values()].filter((r): r is RecomputedDeadline => r !== null);
}
