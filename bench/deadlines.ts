// bench/deadlines: deadline computations per second, median of several runs, per city pack and per
// kind of period. Run with `npm run bench:deadlines`. Prints figures; asserts nothing.
import { listPacks, loadShippedPack } from '@hotline/cities';
import { CityRules, STAGES, type RuleVersion } from '@hotline/rules';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PER_RUN = Number(process.env.BENCH_OPS ?? 20_000);

interface Case {
  rules: CityRules;
  stage: string;
  type: string;
  urgency: string;
  unit: string;
}

/** Every (stage, type, urgency) a version allows, so the mix follows the packs' own rules. */
function allowedCases(rules: CityRules, version: RuleVersion): Case[] {
  const cases: Case[] = [];
  for (const stage of STAGES)
    for (const { key: type } of rules.pack.city.ticketTypes)
      for (const { key: urgency } of rules.pack.city.urgencyClasses)
      {
        const r = rules.resolve(version, { stage, type, urgency });
        if (r.allowed) cases.push({ rules, stage, type, urgency, unit: r.rule.period.unit });
      }
  return cases;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function measure(label: string, cases: Case[], starts: number[]): void {
  const rates: number[] = [];
  let sink = 0;
  for (let run = 0; run < RUNS; run++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < PER_RUN; i++) {
      const c = cases[i % cases.length] as Case;
      sink += c.rules.deadline({ stage: c.stage, type: c.type, urgency: c.urgency, from: starts[i % starts.length] as number }).dueMs;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push(PER_RUN / seconds);
  }
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `${label.padEnd(34)} median ${fmt(median(rates)).padStart(10)} /s   min ${fmt(Math.min(...rates)).padStart(10)}   max ${fmt(Math.max(...rates)).padStart(10)}   (${cases.length} rule cases)`,
  );
  if (sink === 0) console.log('');
}

// Starting instants spread over 2026, the year every shipped calendar knows, at random minutes.
let seed = 12345;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const starts = Array.from({ length: 4096 }, () => Date.UTC(2026, 0, 1) + Math.floor(random() * 364 * 24 * 60) * 60_000);

console.log(`deadline computations per second: ${RUNS} runs of ${PER_RUN} each, node ${process.version}`);
const all: Case[] = [];
for (const id of listPacks()) {
  const rules = new CityRules(loadShippedPack(id));
  const version = rules.versionAt(Date.UTC(2026, 5, 1));
  const cases = allowedCases(rules, version);
  all.push(...cases);
  measure(`${id} (${version.id})`, cases, starts);
}
const byUnit = (...units: string[]) => all.filter((c) => units.includes(c.unit));
measure('working-day periods only', byUnit('workingDay'), starts);
measure('hour and minute periods only', byUnit('hour', 'minute'), starts);
measure('all packs mixed', all, starts);
