// Checks of a rule version's `assessment` a JSON Schema cannot express: unique keys, usable bounds,
// grades that can be told apart, and filters that name this version's rating levels and the city's
// ticket types. Runs only on files that passed their schema.
import type { FactFilter } from '../assessment/types';
import type { CityInfo, RuleVersion } from './types';

type Report = (file: string, path: string, message: string, messageZh: string) => void;

/** Facts whose values are pack vocabulary, and where a filter's values must come from. */
const VALUE_FACTS: Record<string, { of: (version: RuleVersion, city: CityInfo) => string[]; zh: string }> = {
  rating: { of: (v) => v.rating.levels.map((l) => l.key), zh: '本版本评价等级（rating.levels）' },
  type: { of: (_v, c) => c.ticketTypes.map((t) => t.key), zh: '城市诉求类型（ticketTypes）' },
};

/** `zh` names the item in the Chinese message (指标, 等次, 单位分类). */
function unique(items: ReadonlyArray<{ key: string }>, at: string, zh: string, file: string, report: Report): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.key)) report(file, `${at}/${i}/key`, `"${item.key}" is declared twice`, `${zh}“${item.key}”重复声明`);
    seen.add(item.key);
  });
}

function checkFilters(filters: readonly FactFilter[], at: string, file: string, version: RuleVersion, city: CityInfo, report: Report): void {
  filters.forEach((f, i) => {
    const known = VALUE_FACTS[f.fact];
    if (!known) return;
    const allowed = new Set(known.of(version, city));
    for (const op of ['equals', 'in', 'notIn'] as const) {
      const raw = f[op];
      if (raw === undefined) continue;
      const values = Array.isArray(raw) ? raw : [raw];
      values.forEach((v, j) => {
        if (typeof v === 'string' && allowed.has(v)) return;
        const path = Array.isArray(raw) ? `${at}/${i}/${op}/${j}` : `${at}/${i}/${op}`;
        report(file, path, `${String(v)} is not one of ${[...allowed].join(', ')} (fact ${f.fact})`, `${String(v)} 不在${known.zh}中：${[...allowed].join('、')}`);
      });
    }
  });
}

export function checkAssessment(file: string, version: RuleVersion, city: CityInfo, report: Report): void {
  const plan = version.assessment;
  if (!plan) return;
  unique(plan.indicators, '/assessment/indicators', '指标', file, report);
  unique(plan.grades, '/assessment/grades', '等次', file, report);
  if (plan.categories) unique(plan.categories, '/assessment/categories', '单位分类', file, report);
  plan.indicators.forEach((indicator, i) => {
    const at = `/assessment/indicators/${i}`;
    if (indicator.score.kind === 'linear' && indicator.score.from === indicator.score.to) {
      report(file, `${at}/score/to`, `equals from (${indicator.score.from}): the line has no slope`, `与 from（${indicator.score.from}）相同：无法按区间计分`);
    }
    const m = indicator.measure;
    if (m.kind === 'ratio') {
      checkFilters(m.numerator, `${at}/measure/numerator`, file, version, city, report);
      checkFilters(m.denominator, `${at}/measure/denominator`, file, version, city, report);
    } else checkFilters(m.where, `${at}/measure/where`, file, version, city, report);
    indicator.exclude?.forEach((e, j) => checkFilters(e.where, `${at}/exclude/${j}/where`, file, version, city, report));
  });
  const scores = new Map<number, number>();
  plan.grades.forEach((g, i) => {
    const first = scores.get(g.minScore);
    if (first !== undefined) report(file, `/assessment/grades/${i}/minScore`, `${g.minScore} is already grade ${first}'s lowest score`, `${g.minScore} 已是第 ${first + 1} 个等次的最低分`);
    else scores.set(g.minScore, i);
  });
  const kinds = new Map<string, string>();
  plan.categories?.forEach((c, i) =>
    c.unitKinds.forEach((kind, j) => {
      const other = kinds.get(kind);
      if (other !== undefined) report(file, `/assessment/categories/${i}/unitKinds/${j}`, `unit kind ${kind} is already in category ${other}`, `单位类型 ${kind} 已属于分类“${other}”`);
      else kinds.set(kind, c.key);
    }),
  );
}
