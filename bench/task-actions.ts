// bench/task-actions: how long the server takes to work out a task's actions now that they are pack
// data (FEEL guards over the ticket's variables), per task kind of Tianjin's pack, against the same
// ticket's deadline computation for scale. Run with `npm run bench:task-actions`. Prints figures;
// asserts nothing.
import { join } from 'node:path';
import { SHIPPED_PACKS_DIR, readPackFolder } from '@hotline/cities';
import { packForms, taskActions } from '@hotline/forms';
import { CityRules, parsePack } from '@hotline/rules';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PER_RUN = Number(process.env.BENCH_OPS ?? 2_000);

const files = readPackFolder(join(SHIPPED_PACKS_DIR, 'tianjin'));
const rules = new CityRules(parsePack(files));
const forms = packForms(files);
const now = Date.parse('2026-11-20T10:00:00+08:00');
const version = rules.versionAt(now);
const variables = { returnDue: '2026-11-21T00:00:00+08:00', extensionCount: 1, extensionMaxCount: 2, designated: false, designatedUnitMayReturn: false };
const context = { rules, version, ticket: { type: 'complaint', urgency: 'general' }, variables, headers: {}, now };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function perSecond(work: () => unknown): number {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < PER_RUN; i++) work();
    rates.push(PER_RUN / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return median(rates);
}

const deadline = perSecond(() => rules.deadline({ stage: 'handle', type: 'complaint', from: now }));
console.log(`tianjin, rule version ${version.id}; median of ${RUNS} runs × ${PER_RUN}`);
console.log(`${'deadline (handle)'.padEnd(28)} ${Math.round(deadline).toLocaleString('en').padStart(9)} /s`);
for (const form of ['accept', 'reply', 'rework', 'dispatch']) {
  const rate = perSecond(() => taskActions(forms[form], context));
  const guards = (forms[form]?.actions ?? []).reduce((n, a) => n + (a.guards?.length ?? 0) + (a.offeredWhen ? 1 : 0), 0);
  console.log(`${`actions of ${form} (${guards} FEEL)`.padEnd(28)} ${Math.round(rate).toLocaleString('en').padStart(9)} /s   ${(1000 / rate).toFixed(3)} ms each, ${(deadline / rate).toFixed(1)}× a deadline`);
}
