// The dispatch catalogue (派单目录) as the portal works with it: words for its states, the diff a
// reviewer reads, the server's bad cells by row, and the dispatch form against the proposal
// (派单建议) — which units it proposes, whether the dispatcher chose others (改派 needs a reason).
// Pure: unit-tested.
import type {
  CatalogueEntry,
  CatalogueStatus,
  DeterminationKind,
  DispatchProposal,
  EntryView,
  RowIssue,
} from '../api/catalogue-types';
import type { Place } from '../api/types';

export const CATALOGUE_STATUS: Record<CatalogueStatus, { label: string; colour: string }> = {
  draft: { label: '草稿', colour: 'default' },
  review: { label: '审核中', colour: 'processing' },
  published: { label: '已发布', colour: 'success' },
  retired: { label: '已停用', colour: 'warning' },
};

export const DETERMINATION_KINDS: Record<DeterminationKind, string> = {
  field: '同一领域（市级行业主管部门意见）',
  joint: '跨领域（联合研究确定）',
};

export const DETERMINATION_REASONS: Record<'disputed' | 'noEntry', string> = {
  disputed: '该诉求事项权责存在争议',
  noEntry: '派单目录中没有该诉求事项的条目',
};

/** A row's identity across versions: the matter, its place scope and when it takes effect. */
export const entryKey = (e: CatalogueEntry): string => `${e.matter}|${e.place ?? '*'}|${e.effectiveFrom}`;

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The fields (keys of CatalogueEntry) in which two entries of the same key differ. */
export function changedFields(before: CatalogueEntry, after: CatalogueEntry): Array<keyof CatalogueEntry> {
  const out: Array<keyof CatalogueEntry> = [];
  if (before.leadUnit !== after.leadUnit) out.push('leadUnit');
  if (!sameSet(before.assistingUnits, after.assistingUnits)) out.push('assistingUnits');
  if (before.basis !== after.basis) out.push('basis');
  if (before.effectiveTo !== after.effectiveTo) out.push('effectiveTo');
  return out;
}

export interface CatalogueDiff<E extends CatalogueEntry> {
  added: E[];
  removed: E[];
  changed: Array<{ before: E; after: E; fields: Array<keyof CatalogueEntry> }>;
}

/** What a version in review changes against the published one (nothing published: all added). */
export function diffEntries<E extends CatalogueEntry>(published: readonly E[], candidate: readonly E[]): CatalogueDiff<E> {
  const before = new Map(published.map((e) => [entryKey(e), e]));
  const after = new Map(candidate.map((e) => [entryKey(e), e]));
  const diff: CatalogueDiff<E> = { added: [], removed: [], changed: [] };
  for (const [key, e] of after) {
    const old = before.get(key);
    if (!old) diff.added.push(e);
    else {
      const fields = changedFields(old, e);
      if (fields.length > 0) diff.changed.push({ before: old, after: e, fields });
    }
  }
  for (const [key, e] of before) if (!after.has(key)) diff.removed.push(e);
  return diff;
}

/** The server's bad cells, by row (rows in the order given). */
export function issuesByRow(issues: readonly RowIssue[]): Map<number, RowIssue[]> {
  const out = new Map<number, RowIssue[]>();
  for (const i of issues) out.set(i.row, [...(out.get(i.row) ?? []), i]);
  return out;
}

/** Where a bad cell is, as a person reads it: 第 3 行 · C（承办单位）. */
export const cellOf = (i: RowIssue): string => `第 ${i.row} 行${i.column ? ` · ${columnLabel(i.column)}` : ''}`;

/** An entry as the server takes it (drops the view's names and row). */
export function entryOf(e: CatalogueEntry): CatalogueEntry {
  return {
    matter: e.matter,
    place: e.place ?? null,
    leadUnit: e.leadUnit,
    assistingUnits: [...e.assistingUnits],
    basis: e.basis,
    effectiveFrom: e.effectiveFrom,
    effectiveTo: e.effectiveTo ?? null,
  };
}

export const blankEntry = (today: string): CatalogueEntry => ({
  matter: '',
  place: null,
  leadUnit: '',
  assistingUnits: [],
  basis: '',
  effectiveFrom: today,
  effectiveTo: null,
});

/** Case-insensitive search over what a row shows (matter, place, units, basis, codes). */
export function matchesEntry(e: EntryView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [e.matter, e.matterLabel, e.place ?? '', e.placeName ?? '全市', e.leadUnit, e.leadUnitName, ...e.assistingUnitNames, e.basis].some((s) =>
    s.toLowerCase().includes(q),
  );
}

export interface ProposedUnits {
  leadUnit: string;
  assistingUnits: string[];
  basis: string;
  /** 派单目录 or a decided determination (定责). */
  from: 'catalogue' | 'determination';
}

/** The units the dispatch task proposes: the catalogue's entry, or a decided determination's decision. */
export function proposedUnits(proposal: DispatchProposal | null | undefined): ProposedUnits | null {
  if (!proposal) return null;
  if (proposal.kind === 'catalogue') return { leadUnit: proposal.leadUnit, assistingUnits: proposal.assistingUnits, basis: proposal.basis, from: 'catalogue' };
  const decision = proposal.determination?.status === 'decided' ? proposal.determination.decision : null;
  return decision ? { leadUnit: decision.leadUnit, assistingUnits: decision.assistingUnits, basis: decision.basis, from: 'determination' } : null;
}

type DispatchData = Record<string, unknown>;
const asData = (data: unknown): DispatchData => (typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as DispatchData) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

/** The dispatch form filled with the proposal: one unit, or a lead unit with assisting units (会办). */
export function adoptProposal(data: unknown, units: ProposedUnits): DispatchData {
  const { unit: _u, units: _us, leadUnit: _l, assistingUnits: _a, overrideReason: _r, ...rest } = asData(data);
  return units.assistingUnits.length === 0
    ? { ...rest, mode: 'single', unit: units.leadUnit }
    : { ...rest, mode: 'leadAndAssist', leadUnit: units.leadUnit, assistingUnits: [...units.assistingUnits] };
}

/** The units the dispatch form chooses now; null while none is chosen. */
export function chosenUnits(data: unknown): { leadUnit: string; assistingUnits: string[] } | null {
  const d = asData(data);
  if (d.mode === 'split') {
    const units = strings(d.units);
    return units.length > 0 ? { leadUnit: units[0]!, assistingUnits: units.slice(1) } : null;
  }
  if (d.mode === 'leadAndAssist') return typeof d.leadUnit === 'string' && d.leadUnit ? { leadUnit: d.leadUnit, assistingUnits: strings(d.assistingUnits) } : null;
  return typeof d.unit === 'string' && d.unit ? { leadUnit: d.unit, assistingUnits: [] } : null;
}

/** Whether the dispatcher chose other units than proposed (改派): the form then asks for a reason. */
export function overridesProposal(data: unknown, units: ProposedUnits | null): boolean {
  if (!units) return false;
  const chosen = chosenUnits(data);
  if (!chosen) return false;
  if (asData(data).mode === 'split') return true;
  return chosen.leadUnit !== units.leadUnit || !sameSet(chosen.assistingUnits, units.assistingUnits);
}

/**
 * The dispatch form as drawn: the reason field (overrideReason, 改派理由) only while the chosen units
 * differ from the proposal, then required; otherwise hidden and its value dropped.
 */
export function dispatchFormFor(
  schema: Record<string, unknown>,
  uiSchema: Record<string, unknown>,
  overriding: boolean,
): { schema: Record<string, unknown>; uiSchema: Record<string, unknown> } {
  const properties = asData(schema.properties);
  if (!('overrideReason' in properties)) return { schema, uiSchema };
  const required = strings(schema.required).filter((r) => r !== 'overrideReason');
  if (overriding) return { schema: { ...schema, required: [...required, 'overrideReason'] }, uiSchema };
  return { schema: { ...schema, required }, uiSchema: { ...uiSchema, overrideReason: { ...asData(uiSchema.overrideReason), 'ui:widget': 'hidden' } } };
}

/** Drops a reason typed for an override the dispatcher took back. */
export function withoutStaleReason(data: unknown, overriding: boolean): unknown {
  const d = asData(data);
  if (overriding || !('overrideReason' in d)) return data;
  const { overrideReason: _r, ...rest } = d;
  return rest;
}

/** A share (0–1) as a person reads it: 87.5%; no dispatches yet: —. */
export const percent = (rate: number | null | undefined, of: number): string =>
  of === 0 || rate === null || rate === undefined || Number.isNaN(rate) ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

/** Each place with its path (和平区 › 劝业场街道), for pickers and labels. */
export function placePaths(places: readonly Place[]): Map<string, string> {
  const byCode = new Map(places.map((p) => [p.code, p]));
  const out = new Map<string, string>();
  const pathOf = (code: string, seen: Set<string>): string => {
    const known = out.get(code);
    if (known) return known;
    const p = byCode.get(code);
    if (!p) return code;
    const parent = p.parent && !seen.has(p.parent) && byCode.has(p.parent) ? `${pathOf(p.parent, new Set([...seen, code]))} › ` : '';
    const path = `${parent}${p.name}`;
    out.set(code, path);
    return path;
  };
  for (const p of places) pathOf(p.code, new Set());
  return out;
}

// The words a bad cell's column may carry: the field's key (a save) or its header (an import, "C（承办单位）").
const COLUMN_WORDS: Array<[keyof CatalogueEntry, string[]]> = [
  ['assistingUnits', ['assistingunits', '协办']],
  ['leadUnit', ['leadunit', '主办', '承办']],
  ['basis', ['basis', '依据', '权责']], // before matter: "权责清单事项/依据"
  ['matter', ['matter', '事项']],
  ['place', ['place', '区划', '地域']],
  ['effectiveFrom', ['effectivefrom', '生效']],
  ['effectiveTo', ['effectiveto', '失效', '截止']],
];

/** The entry field a bad cell's column names, if any. */
export function fieldOfColumn(column: string): keyof CatalogueEntry | null {
  const c = column.toLowerCase();
  return COLUMN_WORDS.find(([, words]) => words.some((w) => c.includes(w)))?.[0] ?? null;
}

export const ENTRY_FIELD_LABELS: Record<keyof CatalogueEntry, string> = {
  matter: '诉求事项',
  place: '区划',
  leadUnit: '主办单位',
  assistingUnits: '协办单位',
  basis: '权责清单依据',
  effectiveFrom: '生效日期',
  effectiveTo: '失效日期',
};

/** A bad cell's column in Chinese: a save names the field (leadUnit → 主办单位), an import the spreadsheet's column. */
export const columnLabel = (column: string): string => (column in ENTRY_FIELD_LABELS ? ENTRY_FIELD_LABELS[column as keyof CatalogueEntry] : column);
