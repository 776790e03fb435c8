// The dispatch catalogue (派单目录) as the portal works with it: words for its states, the diff a
// reviewer reads, the server's bad cells by row, and the dispatch form against the proposal
// (派单建议) — which units it proposes, whether the dispatcher chose others (改派 needs a reason).
// Pure: unit-tested.
import type {
  CatalogueEntry,
  CatalogueFigures,
  CatalogueStatus,
  CatalogueVersion,
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

/** The matters a search finds by the registrar's means (label, code, pinyin, initials), for matchesEntry. */
export interface MatterSearch {
  search(query: string, limit?: number): ReadonlyArray<{ code: string }>;
  readonly size: number;
}

/**
 * Case-insensitive search over what a row shows (matter, place, units, basis, codes); with the pack's
 * taxonomy, also a matter found by pinyin or its initials ("zdjy" → 占道经营).
 */
export function matchesEntry(e: EntryView, query: string, taxonomy?: MatterSearch): boolean {
  return entryFilter(query, taxonomy)(e);
}

/** matchesEntry for many rows: the taxonomy is searched once. */
export function entryFilter(query: string, taxonomy?: MatterSearch): (e: EntryView) => boolean {
  const q = query.trim().toLowerCase();
  if (!q) return () => true;
  const found = new Set(taxonomy && taxonomy.size > 0 ? taxonomy.search(q, taxonomy.size).map((m) => m.code) : []);
  return (e) =>
    found.has(e.matter) ||
    [e.matter, e.matterLabel, e.place ?? '', e.placeName ?? '全市', e.leadUnit, e.leadUnitName, ...e.assistingUnitNames, e.basis].some((s) => s.toLowerCase().includes(q));
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

/**
 * The dispatch form filled with the proposal: one unit, or a lead unit with assisting units (会办).
 * Units a determination decided are 经研究确定: ticked as such (designated) when the form asks it.
 */
export function adoptProposal(data: unknown, units: ProposedUnits, schema?: Record<string, unknown>): DispatchData {
  const { unit: _u, units: _us, leadUnit: _l, assistingUnits: _a, overrideReason: _r, ...rest } = asData(data);
  const designated = units.from === 'determination' && schema !== undefined && 'designated' in asData(schema.properties) ? { designated: true } : {};
  return units.assistingUnits.length === 0
    ? { ...rest, ...designated, mode: 'single', unit: units.leadUnit }
    : { ...rest, ...designated, mode: 'leadAndAssist', leadUnit: units.leadUnit, assistingUnits: [...units.assistingUnits] };
}

/**
 * Why the dispatch form asks for a reason (overrideReason): other units than proposed (改派), or no
 * proposal because the catalogue has no entry and no determination was decided (派单理由); null: none.
 */
export type ReasonNeed = 'override' | 'noEntry' | null;

export function reasonNeeded(proposal: DispatchProposal | null | undefined, data: unknown): ReasonNeed {
  const units = proposedUnits(proposal);
  if (units) return overridesProposal(data, units) ? 'override' : null;
  return proposal?.kind === 'determination' && proposal.reason === 'noEntry' ? 'noEntry' : null;
}

/** A disputed matter without a decided determination: the server refuses its dispatch until one is decided. */
export function awaitsDetermination(proposal: DispatchProposal | null | undefined): boolean {
  return proposal?.kind === 'determination' && proposal.reason === 'disputed' && proposedUnits(proposal) === null;
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
 * The dispatch form as drawn: the reason field (overrideReason) only while a reason is needed, then
 * required — as 改派理由 for an override, as 派单理由 when the catalogue has no entry; otherwise hidden
 * and its value dropped.
 */
export function dispatchFormFor(
  schema: Record<string, unknown>,
  uiSchema: Record<string, unknown>,
  need: ReasonNeed,
): { schema: Record<string, unknown>; uiSchema: Record<string, unknown> } {
  const properties = asData(schema.properties);
  if (!('overrideReason' in properties)) return { schema, uiSchema };
  const required = strings(schema.required).filter((r) => r !== 'overrideReason');
  if (need === 'override') return { schema: { ...schema, required: [...required, 'overrideReason'] }, uiSchema };
  if (need === 'noEntry') {
    return {
      schema: {
        ...schema,
        required: [...required, 'overrideReason'],
        properties: { ...properties, overrideReason: { ...asData(properties.overrideReason), title: '派单理由' } },
      },
      uiSchema: {
        ...uiSchema,
        overrideReason: { ...asData(uiSchema.overrideReason), 'ui:help': '派单目录中没有该诉求事项的条目，也未经定责：请说明派往所选单位的理由。' },
      },
    };
  }
  return { schema: { ...schema, required }, uiSchema: { ...uiSchema, overrideReason: { ...asData(uiSchema.overrideReason), 'ui:widget': 'hidden' } } };
}

/** Drops a reason typed for an override the dispatcher took back. */
export function withoutStaleReason(data: unknown, need: ReasonNeed): unknown {
  const d = asData(data);
  if (need !== null || !('overrideReason' in d)) return data;
  const { overrideReason: _r, ...rest } = d;
  return rest;
}

/** A share (0–1) as a person reads it: 87.5%; no dispatches yet: —. */
export const percent = (rate: number | null | undefined, of: number): string =>
  of === 0 || rate === null || rate === undefined || Number.isNaN(rate) ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;

/**
 * The figures' counts behind the rates: 命中率 = dispatches with a catalogue entry / all dispatches,
 * 改派率 = those of them dispatched elsewhere / those with an entry (dispatch-catalogue figures.ts).
 */
export function figureCounts(f: CatalogueFigures): { withEntry: number; overriddenEntries: number } {
  // hitRate is rounded to 4 places: exact for fewer than 10 000 dispatches, and followed is exact
  const withEntry = Math.max(f.followed, Math.round(f.hitRate * f.dispatches));
  return { withEntry, overriddenEntries: withEntry - f.followed };
}

/** Who did what to a version, in the order it happened. */
export function versionEvents(v: CatalogueVersion): Array<{ at: string; text: string }> {
  const events = [{ at: v.createdAt, text: `由 ${v.createdBy} 创建（${v.entryCount} 条）` }];
  if (v.submittedBy && v.submittedAt) events.push({ at: v.submittedAt, text: `${v.submittedBy} 提交审核` });
  if (v.reviewedBy && v.reviewedAt) {
    const verdict = v.publishedAt ? '审核通过' : '退回';
    events.push({ at: v.reviewedAt, text: `${v.reviewedBy} ${verdict}${v.reviewComment ? `：${v.reviewComment}` : ''}` });
  }
  if (v.publishedAt) events.push({ at: v.publishedAt, text: '发布' });
  // stable: a review and a publication in the same instant keep their order
  return events.map((e, i) => ({ e, i })).sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.i - b.i).map(({ e }) => e);
}

/**
 * Where a determination's decision may apply in the catalogue (适用区划): the ticket's place, each
 * place above it (nearest first), and the whole city (null).
 */
export function placeScopes(place: string | null, places: readonly Place[]): Array<{ value: string | null; label: string }> {
  const byCode = new Map(places.map((p) => [p.code, p]));
  const paths = placePaths(places);
  const out: Array<{ value: string | null; label: string }> = [];
  const seen = new Set<string>();
  for (let code = place; code && !seen.has(code); code = byCode.get(code)?.parent ?? null) {
    seen.add(code);
    out.push({ value: code, label: paths.get(code) ?? code });
  }
  return [...out, { value: null, label: '全市' }];
}

/** The dispatch form's own word for assisting units (协办, or e.g. 会办单位): the title of `assistingUnits` anywhere in its schema. */
export function assistingUnitsWord(schema: unknown): string {
  const seen = new Set<unknown>();
  const find = (node: unknown): string | null => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return null;
    seen.add(node);
    const props = (node as DispatchData).properties;
    const own = asData(props).assistingUnits;
    if (typeof asData(own).title === 'string' && asData(own).title) return asData(own).title as string;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      const found = find(child);
      if (found) return found;
    }
    return null;
  };
  return find(schema) ?? '协办单位';
}

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
