// Checks a catalogue against the taxonomy, the places and the units: every problem with the row and the
// column it is in, in Chinese (the centre's staff fix them in their spreadsheet).
import { parseLocalDate } from '@hotline/rules';
import type { CatalogueEntry, CatalogueUnit, MatterLookup, Place } from './entry';
import { grassrootsRefused } from './propose';

export type EntryField = keyof CatalogueEntry;

/** An entry with the row it came from (a spreadsheet row, or its position in a list). */
export interface NumberedEntry {
  row: number;
  entry: CatalogueEntry;
}

export interface EntryIssue {
  row: number;
  /** The column as the reader knows it: a field name, or a spreadsheet column such as "C（区划编码）". */
  column: string;
  messageZh: string;
}

export interface CatalogueContext {
  taxonomy: MatterLookup;
  units: readonly CatalogueUnit[];
  places: readonly Place[];
  /**
   * The pack's grassroots guard (rule version `policies.dispatch.grassroots`): a functional matter's entry
   * may not name a unit of these kinds, since dispatch would refuse that very proposal. None: no check.
   */
  grassroots?: { unitKinds: readonly string[]; refusal: string } | undefined;
}

export interface ValidateOptions {
  /** How a field is named in the issues; default the field's own name. */
  columnOf?: (field: EntryField) => string;
}

const overlaps = (a: CatalogueEntry, b: CatalogueEntry): boolean =>
  (b.effectiveTo === null || a.effectiveFrom < b.effectiveTo) && (a.effectiveTo === null || b.effectiveFrom < a.effectiveTo);

export function validateEntries(rows: readonly NumberedEntry[], context: CatalogueContext, options: ValidateOptions = {}): EntryIssue[] {
  const columnOf = options.columnOf ?? ((field: EntryField) => field);
  const units = new Set(context.units.map((u) => u.code));
  const places = new Set(context.places.map((p) => p.code));
  const issues: EntryIssue[] = [];
  const fault = (row: number, field: EntryField, messageZh: string) => issues.push({ row, column: columnOf(field), messageZh });

  for (const { row, entry } of rows) {
    if (!entry.matter) fault(row, 'matter', '诉求事项编码不能为空');
    else if (!context.taxonomy.byCode(entry.matter)) fault(row, 'matter', `诉求事项编码“${entry.matter}”不在本市诉求事项分类中`);
    if (entry.place !== null && !places.has(entry.place)) fault(row, 'place', `区划编码“${entry.place}”不是本市的区划（留空表示全市）`);
    if (!entry.leadUnit) fault(row, 'leadUnit', '主办单位编码不能为空');
    else if (!units.has(entry.leadUnit)) fault(row, 'leadUnit', `主办单位编码“${entry.leadUnit}”不是本市的承办单位`);
    for (const unit of entry.assistingUnits) {
      if (!units.has(unit)) fault(row, 'assistingUnits', `协办单位编码“${unit}”不是本市的承办单位`);
      else if (unit === entry.leadUnit) fault(row, 'assistingUnits', `“${unit}”已是主办单位，不能同时作为协办单位`);
    }
    if (new Set(entry.assistingUnits).size !== entry.assistingUnits.length) fault(row, 'assistingUnits', '协办单位重复');
    if (context.grassroots && entry.matter) {
      const { unitKinds, refusal } = context.grassroots;
      const refused = (codes: string[]) => grassrootsRefused(entry.matter, codes.flatMap((code) => context.units.filter((u) => u.code === code)), { taxonomy: context.taxonomy, unitKinds });
      const said = (code: string) => `“${context.units.find((u) => u.code === code)?.name ?? code}”（${code}）`;
      const matter = () => `诉求事项“${context.taxonomy.label(entry.matter)}”由职能部门承办`;
      for (const code of refused([entry.leadUnit])) fault(row, 'leadUnit', `${matter()}，主办单位${said(code)}是基层单位：${refusal}`);
      for (const code of refused(entry.assistingUnits)) fault(row, 'assistingUnits', `${matter()}，协办单位${said(code)}是基层单位：${refusal}`);
    }
    if (!entry.basis.trim()) fault(row, 'basis', '权责清单事项/依据不能为空');
    const from = parseLocalDate(entry.effectiveFrom);
    const to = entry.effectiveTo === null ? null : parseLocalDate(entry.effectiveTo);
    if (from === null) fault(row, 'effectiveFrom', `生效日期“${entry.effectiveFrom}”不是有效日期（格式 YYYY-MM-DD）`);
    if (entry.effectiveTo !== null && to === null) fault(row, 'effectiveTo', `失效日期“${entry.effectiveTo}”不是有效日期（格式 YYYY-MM-DD，留空表示长期有效）`);
    if (from !== null && to !== null && to <= from) fault(row, 'effectiveTo', `失效日期 ${entry.effectiveTo} 应晚于生效日期 ${entry.effectiveFrom}`);
  }

  // the same matter and place twice, in force on the same day: which unit would be meant is unclear
  const datable = rows.filter(({ entry }) => parseLocalDate(entry.effectiveFrom) !== null && (entry.effectiveTo === null || parseLocalDate(entry.effectiveTo) !== null));
  // (compared within each matter and place only: a catalogue has thousands of rows)
  const byScope = new Map<string, NumberedEntry[]>();
  for (const row of datable) {
    const key = `${row.entry.matter}\u0000${row.entry.place ?? ''}`;
    byScope.set(key, [...(byScope.get(key) ?? []), row]);
  }
  for (const same of byScope.values()) {
    for (const [i, a] of same.entries()) {
      for (const b of same.slice(i + 1)) {
        if (!overlaps(a.entry, b.entry)) continue;
        const where = b.entry.place === null ? '全市' : `区划“${b.entry.place}”`;
        fault(b.row, 'effectiveFrom', `第 ${b.row} 行与第 ${a.row} 行是同一诉求事项“${b.entry.matter}”在${where}的条目，生效期间重叠`);
      }
    }
  }
  return issues.sort((x, y) => x.row - y.row);
}
