// The centre's signal for which entries to fix: how often the catalogue had an answer, how often the
// dispatcher went elsewhere, and the matters most often overridden or returned (a return is often a
// catalogue error).

/** One dispatch as recorded: what was proposed and whether the dispatcher followed it. */
export interface DispatchRecord {
  matter: string | null;
  proposal: 'catalogue' | 'determination';
  reason: 'disputed' | 'noEntry' | null;
  overridden: boolean;
  /** How many dispatches the record stands for (the server counts alike ones in SQL); 1 when absent. */
  count?: number;
}

/** Some approved returns of one matter. */
export interface ReturnTally {
  matter: string | null;
  count: number;
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

function top(tallies: ReadonlyArray<ReturnTally>, label: (code: string) => string): MatterCount[] {
  const counts = new Map<string, number>();
  for (const { matter, count } of tallies) if (matter !== null) counts.set(matter, (counts.get(matter) ?? 0) + count);
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, TOP_MATTERS)
    .map(([matter, count]) => ({ matter, label: label(matter), count }));
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

const tallyOf = (d: DispatchRecord): ReturnTally => ({ matter: d.matter, count: d.count ?? 1 });
const sum = (records: readonly DispatchRecord[]): number => records.reduce((total, d) => total + (d.count ?? 1), 0);

/** `returned`: the matter of each approved return in the period, one by one or tallied. */
export function catalogueFigures(dispatches: readonly DispatchRecord[], returned: ReadonlyArray<string | null | ReturnTally>, label: (code: string) => string): CatalogueFigures {
  const proposed = dispatches.filter((d) => d.proposal === 'catalogue');
  const overridden = dispatches.filter((d) => d.overridden);
  const all = sum(dispatches);
  const overriddenProposals = sum(proposed.filter((d) => d.overridden));
  return {
    dispatches: all,
    followed: sum(proposed) - overriddenProposals,
    overridden: sum(overridden),
    noEntry: sum(dispatches.filter((d) => d.reason === 'noEntry')),
    hitRate: ratio(sum(proposed), all),
    overrideRate: ratio(overriddenProposals, sum(proposed)),
    topOverridden: top(overridden.map(tallyOf), label),
    topReturned: top(returned.map((r) => (r !== null && typeof r === 'object' ? r : { matter: r, count: 1 })), label),
  };
}
