// The table bench:lifecycle prints: one column per engine, figures per lifecycle, and the ratios to the
// ceilings measured in the same run (the machine is shared and noisy: the ratios travel, the raw figures
// less so).
import type { Latency } from './load-process';
import type { EngineResult, ProbeCost } from './run';

const LABEL = 46;
const COLUMN = 24;

// at least two spaces between columns, a value wider than its column included
const row = (label: string, values: string[]) => `${label.padEnd(LABEL)}${values.map((v) => `  ${v}`.padStart(COLUMN)).join('')}`;
const dash = '—';
const fixed = (value: number | null | undefined, digits: number) => (value === null || value === undefined || !Number.isFinite(value) ? dash : value.toFixed(digits));
const percent = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? dash : `${(value * 100).toFixed(1)} %`);
const p50p95 = (latency: Latency) => (latency.n === 0 ? dash : `${latency.p50.toFixed(0)} / ${latency.p95.toFixed(0)} ms`);
const perLifecycle = (r: EngineResult, value: number | null) => (value === null || r.load.lifecycles === 0 ? null : value / r.load.lifecycles);

export function report(results: EngineResult[]): string {
  const lines: string[] = [];
  const each = (label: string, value: (r: EngineResult) => string) => lines.push(row(label, results.map(value)));
  const perSecond = (r: EngineResult) => r.load.lifecycles / r.load.seconds;
  lines.push(row('', results.map((r) => r.engine)));
  each('lifecycles completed in the window', (r) => `${r.load.lifecycles} in ${r.load.seconds.toFixed(0)} s`);
  each('lifecycles per second', (r) => fixed(perSecond(r), 2));
  each('lifecycles started · in flight at the end', (r) => `${r.load.started} · ${r.load.inFlight}`);
  each('lifecycles failed (first error below)', (r) => String(r.load.errors));
  if (results.some((r) => r.load.skipped > 0)) each('starts skipped (BENCH_CONCURRENCY in flight)', (r) => String(r.load.skipped));
  each('registration p50 / p95', (r) => p50p95(r.load.registration));
  each('task completion p50 / p95', (r) => p50p95(r.load.completion));
  each('hand-off to the next person p50 / p95', (r) => p50p95(r.load.handoff));
  each('one lifecycle p50 / p95', (r) => p50p95(r.load.lifecycle));
  const busy = (value: number | null, r: EngineResult) => fixed(value === null ? null : value / r.load.seconds, 2);
  lines.push('CPU cores busy in the window (1.00 = one core)');
  each('  server · broker · PostgreSQL · load', (r) => [r.cpu.server, r.cpu.broker, r.cpu.postgres, r.cpu.load].map((v) => busy(v, r)).join(' · '));
  lines.push('per lifecycle');
  each('  CPU s: server process', (r) => fixed(perLifecycle(r, r.cpu.server), 3));
  each('  CPU s: Zeebe broker (JVM)', (r) => fixed(perLifecycle(r, r.cpu.broker), 3));
  each('  CPU s: PostgreSQL', (r) => fixed(perLifecycle(r, r.cpu.postgres), 3));
  each('  CPU s: load generator', (r) => fixed(perLifecycle(r, r.cpu.load), 3));
  each('  SQL statements', (r) => fixed(perLifecycle(r, r.sql.statements), 0));
  each('  transactions (commits + rollbacks)', (r) => fixed(perLifecycle(r, r.sql.transactions), 1));
  each('  … of them BEGIN … COMMIT', (r) => fixed(perLifecycle(r, r.sql.explicitTransactions), 1));
  each('  Zeebe jobs created: service · user task', (r) => (r.jobs === null ? dash : `${fixed(perLifecycle(r, r.jobs.service), 1)} · ${fixed(perLifecycle(r, r.jobs.userTask), 1)}`));
  each('  hand-off probe requests (looks)', (r) => fixed(perLifecycle(r, r.load.probeRequests), 1));
  // the probe's looks at their cost measured on the idle server (a polling probe loads the server; push would not)
  const lessProbe = (r: EngineResult, total: number | null, perLook: (cost: ProbeCost) => number | null) => {
    const cost = r.probeCost === null ? 0 : perLook(r.probeCost);
    return total === null || cost === null ? null : perLifecycle(r, total - cost * r.load.probeRequests);
  };
  if (results.some((r) => r.probeCost !== null)) {
    lines.push("per lifecycle, less the probe's looks (each look's cost measured on the idle server)");
    each('  one look: server CPU ms · statements · transactions', (r) =>
      r.probeCost === null ? dash : `${fixed((r.probeCost.serverCpu ?? NaN) * 1000, 2)} · ${fixed(r.probeCost.statements, 1)} · ${fixed(r.probeCost.transactions, 1)}`,
    );
    each('  CPU s: server process', (r) => fixed(lessProbe(r, r.cpu.server, (c) => c.serverCpu), 3));
    each('  CPU s: PostgreSQL', (r) => fixed(lessProbe(r, r.cpu.postgres, (c) => c.postgresCpu), 3));
    each('  SQL statements', (r) => fixed(lessProbe(r, r.sql.statements, (c) => c.statements), 0));
    each('  transactions', (r) => fixed(lessProbe(r, r.sql.transactions, (c) => c.transactions), 1));
  }
  lines.push('ceilings, same run');
  each('  plain pg transactions/s', (r) => fixed(r.pgCeiling, 0));
  const share = (r: EngineResult, transactions: number | null) => (transactions === null ? null : (perSecond(r) * transactions) / r.pgCeiling);
  each("  share of it the lifecycles' transactions take", (r) => percent(share(r, perLifecycle(r, r.sql.transactions))));
  if (results.some((r) => r.probeCost !== null)) each("  … less the probe's looks", (r) => percent(share(r, lessProbe(r, r.sql.transactions, (c) => c.transactions))));
  each('  … BEGIN … COMMIT only', (r) => percent(share(r, perLifecycle(r, r.sql.explicitTransactions))));
  each('  broker one-task PI/s', (r) => fixed(r.brokerCeiling?.perSecond, 1));
  each('  broker CPU ms per one-task PI', (r) => fixed(r.brokerCeiling?.brokerCpuPerInstance === null ? null : (r.brokerCeiling?.brokerCpuPerInstance ?? NaN) * 1000, 2));
  each('  lifecycles/s as a share of broker PI/s', (r) => percent(r.brokerCeiling ? perSecond(r) / r.brokerCeiling.perSecond : null));
  for (const r of results) if (r.load.firstError) lines.push(`${r.engine}: first error: ${r.load.firstError.slice(0, 400)}`);
  return lines.join('\n');
}
