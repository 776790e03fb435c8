// bench/matter-search: how long the registrar's matter search takes (label, code, full pinyin or
// pinyin initials) on the shipped Tianjin taxonomy and on one of 3,320 classes, and how long building
// the pinyin keys takes once per taxonomy. Run with `npm run bench:matter-search`. Prints medians;
// asserts nothing.
import { loadShippedPack } from '@hotline/cities';
import { type MatterNode, MatterTaxonomy } from '@hotline/rules';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const QUERIES = ['zdjy', '占道', 'wyfw', '0101', 'gongre', '医保'];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const ms = (work: () => unknown): number => {
  const t0 = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

/** 20 fields × 15 classes × 10 matters, labels from everyday requests. */
function large(): MatterNode[] {
  const words = ['占道经营', '噪声扰民', '物业服务', '供热不热', '医保报销'];
  return Array.from({ length: 20 }, (_, f) => ({
    code: String(f + 10),
    label: `领域${f}`,
    children: Array.from({ length: 15 }, (_, s) => ({
      code: `${f + 10}${s + 10}`,
      label: `类别${s}`,
      children: Array.from({ length: 10 }, (_, l) => ({ code: `${f + 10}${s + 10}${l + 10}`, label: `${words[l % 5]}${f}-${s}-${l}` })),
    })),
  }));
}

for (const [name, nodes] of [['tianjin (shipped)', loadShippedPack('tianjin').matters!.matters], ['3,320 classes', large()]] as const) {
  const builds: number[] = [];
  const searches: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const taxonomy = new MatterTaxonomy(nodes);
    builds.push(ms(() => taxonomy.search('x'))); // the first search builds the pinyin keys
    for (const q of QUERIES) searches.push(ms(() => taxonomy.search(q)));
  }
  const size = new MatterTaxonomy(nodes).size;
  console.log(`${name.padEnd(20)} ${String(size).padStart(5)} classes: first search (keys built) ${median(builds).toFixed(1)} ms, a search ${median(searches).toFixed(2)} ms (median of ${RUNS} runs × ${QUERIES.length} queries)`);
}
