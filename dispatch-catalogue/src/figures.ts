// The centre's signal for which entries to fix: how often the catalogue had an answer, how often the
// dispatcher went elsewhere, and the matters most often overridden or returned (a return is often a
// catalogue error).

/** One dispatch as recorded: what was proposed and whether the dispatcher followed it. */
export interface DispatchRecord {
  matter: string | null;
  proposal: 'catalogue' | 'determination';
  reason: 'disputed' | 'noEntry' | null;
  overridden: boolean;
}

export interface MatterCount {
  matter: string;
  label: string;
  count: number;
}

export interface CatalogueFigures {
  dispatches: number;
  /** Dispatched as the catalogue proposed. */
  followed: number;
  /** Dispatched elsewhere than the catalogue (or a determination's decision) proposed. */
  overridden: number;
  /** Dispatches for which the catalogue had no entry. */
  noEntry: number;
  /** Share of dispatches the catalogue had an entry for (0 without dispatches). */
  hitRate: number;
  /** Share of the catalogue's proposals the dispatcher overrode (0 without any). */
  overrideRate: number;
  topOverridden: MatterCount[];
  topReturned: MatterCount[];
}

export const TOP_MATTERS = 10;

function top(matters: ReadonlyArray<string | null>, label: (code: string) => string): MatterCount[] {
  const counts = new Map<string, number>();
  for (const m of matters) if (m !== null) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, TOP_MATTERS)
    .map(([matter, count]) => ({ matter, label: label(matter), count }));
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** `returnedMatters`: the matter of each approved return in the period. */
export function catalogueFigures(dispatches: readonly DispatchRecord[], returnedMatters: ReadonlyArray<string | null>, label: (code: string) => string): CatalogueFigures {
  const proposed = dispatches.filter((d) => d.proposal === 'catalogue');
  const overridden = dispatches.filter((d) => d.overridden);
  const overriddenProposals = proposed.filter((d) => d.overridden).length;
  return {
    dispatches: dispatches.length,
    followed: proposed.length - overriddenProposals,
    overridden: overridden.length,
    noEntry: dispatches.filter((d) => d.reason === 'noEntry').length,
    hitRate: ratio(proposed.length, dispatches.length),
    overrideRate: ratio(overriddenProposals, proposed.length),
    topOverridden: top(overridden.map((d) => d.matter), label),
    topReturned: top(returnedMatters, label),
  };
}
