// The deadline rules of two pack versions side by side: for every rule version they share, every
// stage × ticket type × urgency whose effective rule (the first matching one, as @hotline/rules
// resolves it) gives another period, another count start, or another answer to "is it allowed".
// Read from the raw JSON, so a diff works even on a draft that does not validate yet.
import { STAGES } from '@hotline/rules';

/** What the rules say for one cell. */
export type DeadlineCell =
  | { kind: 'period'; amount: number | null; unit: string; mode?: string; countFrom: string; source: string }
  | { kind: 'notAllowed'; reason: string; source: string }
  | { kind: 'none' };

export interface DeadlineCellChange {
  /** The rule version's id (`2025`). */
  ruleVersion: string;
  stage: string;
  type: string;
  urgency: string;
  from: DeadlineCell;
  to: DeadlineCell;
}

export interface DeadlineTableDiff {
  /** Rule versions only one side has (by id). */
  addedVersions: string[];
  removedVersions: string[];
  changes: DeadlineCellChange[];
}

interface RawRule {
  stage?: unknown;
  types?: unknown;
  urgencies?: unknown;
  period?: { amount?: unknown; unit?: unknown; mode?: unknown };
  countFrom?: unknown;
  notAllowed?: unknown;
  source?: unknown;
}

export interface RawRuleVersion {
  id: string;
  deadlines: RawRule[];
}

const includes = (list: unknown, value: string) => list === undefined || (Array.isArray(list) && list.includes(value));

export function deadlineCell(version: RawRuleVersion, stage: string, type: string, urgency: string): DeadlineCell {
  const rule = version.deadlines.find((r) => r.stage === stage && includes(r.types, type) && includes(r.urgencies, urgency));
  if (!rule) return { kind: 'none' };
  const source = typeof rule.source === 'string' ? rule.source : '';
  if (typeof rule.notAllowed === 'string') return { kind: 'notAllowed', reason: rule.notAllowed, source };
  const period = rule.period ?? {};
  return {
    kind: 'period',
    amount: typeof period.amount === 'number' ? period.amount : null,
    unit: String(period.unit ?? ''),
    ...(typeof period.mode === 'string' ? { mode: period.mode } : {}),
    countFrom: String(rule.countFrom ?? ''),
    source,
  };
}

/** Two cells say the same (their sources may differ: a citation is not a rule change). */
export function sameCell(a: DeadlineCell, b: DeadlineCell): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'period' && b.kind === 'period') return a.amount === b.amount && a.unit === b.unit && a.mode === b.mode && a.countFrom === b.countFrom;
  if (a.kind === 'notAllowed' && b.kind === 'notAllowed') return a.reason === b.reason;
  return true;
}

export interface DeadlineAxes {
  types: string[];
  urgencies: string[];
}

export function diffDeadlineTables(before: readonly RawRuleVersion[], after: readonly RawRuleVersion[], axes: DeadlineAxes): DeadlineTableDiff {
  const oldById = new Map(before.map((v) => [v.id, v]));
  const newById = new Map(after.map((v) => [v.id, v]));
  const changes: DeadlineCellChange[] = [];
  for (const version of after) {
    const old = oldById.get(version.id);
    if (!old) continue;
    for (const stage of STAGES) {
      for (const type of axes.types) {
        for (const urgency of axes.urgencies) {
          const from = deadlineCell(old, stage, type, urgency);
          const to = deadlineCell(version, stage, type, urgency);
          if (!sameCell(from, to)) changes.push({ ruleVersion: version.id, stage, type, urgency, from, to });
        }
      }
    }
  }
  return {
    addedVersions: after.filter((v) => !oldById.has(v.id)).map((v) => v.id),
    removedVersions: before.filter((v) => !newById.has(v.id)).map((v) => v.id),
    changes,
  };
}

const UNIT_ZH: Record<string, string> = { minute: '分钟', hour: '小时', day: '天', workingDay: '个工作日' };

/** `7 个工作日`, `24 小时`, `不允许：…`, `未规定`. */
export function cellText(cell: DeadlineCell): string {
  if (cell.kind === 'none') return '未规定';
  if (cell.kind === 'notAllowed') return `不允许：${cell.reason}`;
  return `${cell.amount} ${UNIT_ZH[cell.unit] ?? cell.unit}${cell.mode ? `（${cell.mode}）` : ''}`;
}
