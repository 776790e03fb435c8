// bench:feel — µs per evaluation of each FEEL expression in the shipped city packs' processes:
// feelin's `evaluate` (parse and build on every call, as the embedded engine did) against the engine's
// compiled expressions (parsed once), in the same run, with a ticket's worth of variables. Median of
// several runs per expression, and the median ratio over the expressions. Prints figures; asserts nothing.
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { listPacks, readPackFolder, SHIPPED_PACKS_DIR } from '@hotline/cities';
import { evaluateFeel, feelExpressionsInBpmn, interpretFeel } from '@hotline/engine-adapters';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PER_RUN = Number(process.env.BENCH_OPS ?? 500);
const NOW_MS = Date.parse('2026-11-23T09:00:00+08:00');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const expressions = new Set<string>();
for (const id of listPacks())
  for (const file of readPackFolder(join(SHIPPED_PACKS_DIR, id)))
    if (file.path.startsWith('processes/') && file.path.endsWith('.bpmn'))
      for (const expression of feelExpressionsInBpmn(file.text)) expressions.add(expression);

// A ticket's variables: what the conditions read (a value that takes the longest path through them:
// lists non-empty, instants present), and some forty more the process carries along.
const variables: Record<string, unknown> = {};
for (let i = 0; i < 40; i++) variables[`field${i}`] = i % 3 === 0 ? `value ${i}` : i % 3 === 1 ? i : [`unit${i}`];
for (const expression of expressions)
  for (const [, name] of expression.replace(/"[^"]*"/g, '""').matchAll(/\b([a-z][A-Za-z]+)\b(?!\s*\()/g)) {
    if (name === undefined || ['and', 'or', 'null', 'true', 'false', 'not', 'date', 'time'].includes(name) || name in variables) continue;
    if (/At$|Due$/.test(name)) variables[name] = '2026-11-20T09:00:00+08:00';
    else if (/Units|Ratings|Categories$/.test(name)) variables[name] = ['unit-a', 'unsatisfied'];
    else if (/Count$/.test(name)) variables[name] = 1;
    else if (/Required|Allowed|Offered|Requested|OnTime|complex|overdue|MayReturn|sendBack/.test(name)) variables[name] = true;
    else variables[name] = 'unsatisfied';
  }

function perEvaluationMicros(evaluate: typeof evaluateFeel, expression: string): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < PER_RUN; i++) evaluate(expression, variables, NOW_MS);
  return Number(process.hrtime.bigint() - t0) / 1e3 / PER_RUN;
}

const fmt = (micros: number) => micros.toFixed(2).padStart(8);
console.log(
  `FEEL evaluations: ${expressions.size} expressions from the shipped packs, ${RUNS} runs of ${PER_RUN} each, ` +
    `${Object.keys(variables).length} variables, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}`,
);
console.log(`${'feelin µs'.padStart(9)} ${'compiled µs'.padStart(11)} ${'ratio'.padStart(7)}  expression`);
const ratios: number[] = [];
const feelinAll: number[] = [];
const compiledAll: number[] = [];
for (const expression of expressions) {
  evaluateFeel(expression, variables, NOW_MS); // compiles once, as the engine's first evaluation does
  const feelin: number[] = [];
  const compiled: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    feelin.push(perEvaluationMicros(interpretFeel, expression));
    compiled.push(perEvaluationMicros(evaluateFeel, expression));
  }
  const [f, c] = [median(feelin), median(compiled)];
  ratios.push(f / c);
  feelinAll.push(f);
  compiledAll.push(c);
  console.log(`${fmt(f)} ${fmt(c).padStart(11)} ${(f / c).toFixed(1).padStart(6)}×  ${expression.length > 90 ? `${expression.slice(0, 87)}...` : expression}`);
}
console.log(
  `median over expressions: feelin ${median(feelinAll).toFixed(2)} µs, compiled ${median(compiledAll).toFixed(2)} µs per evaluation; ` +
    `median ratio ${median(ratios).toFixed(1)}× (min ${Math.min(...ratios).toFixed(1)}×, max ${Math.max(...ratios).toFixed(1)}×); ` +
    `load average now ${loadavg().map((l) => l.toFixed(2)).join(', ')}`,
);
