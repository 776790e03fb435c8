// bench:lifecycle — full ticket lifecycles per second on each workflow engine (the embedded one, and
// Zeebe when scripts/zeebe.sh can start a broker), with task-completion and hand-off latencies, the CPU
// of the server, the broker and PostgreSQL per lifecycle, SQL statements and transactions per
// lifecycle, and the ceilings measured in the same run (plain-pg transactions/s; the broker's own
// one-task-process instances/s). The server and the load generator each run in their own process.
// Settings and figures: README "Benchmarks". Prints figures; asserts nothing. Modules in bench/lifecycle/.
import { loadavg } from 'node:os';
import { withBroker } from './lifecycle/broker';
import { zeebeOneTaskPerSecond } from './lifecycle/ceilings';
import { benchPostgres } from './lifecycle/database';
import { report } from './lifecycle/report';
import { runEngine, type EngineResult } from './lifecycle/run';
import { settings } from './lifecycle/settings';

const say = (text: string) => process.stdout.write(text);
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');

say(
  `ticket lifecycles (Tianjin complaints): ${settings.rate === undefined ? `${settings.concurrency} in flight` : `${settings.rate}/s started, at most ${settings.concurrency} in flight`}, ` +
    `${settings.warmupSeconds} s warm-up + ${settings.seconds} s measured per engine, hand-off probe '${settings.handoff}'${settings.handoff === 'poll' ? ` every ${settings.pollMs} ms` : ''}\n` +
    `load average at start: ${load()}\n`,
);
const postgres = await benchPostgres();
if (postgres.noStatements) say(`SQL statements not counted: ${postgres.noStatements}\n`);
const results: EngineResult[] = [];
try {
  if (settings.engines.includes('embedded')) {
    say('embedded engine …\n');
    results.push(await runEngine({ engine: 'embedded', postgres, env: {} }));
  }
  if (settings.engines.includes('zeebe') || settings.engines.includes('zeebe-per-step')) {
    say('Zeebe …\n');
    const zeebe = await withBroker(async (broker) => {
      const brokerCeiling = await zeebeOneTaskPerSecond(broker.address, broker.pid, settings.zeebeCeilingSeconds, settings.zeebeCeilingInFlight);
      const onBroker = { postgres, brokerPid: broker.pid, brokerMetricsUrl: broker.metricsUrl, brokerCeiling };
      const runs: EngineResult[] = [];
      // zeebe-per-step: the same broker and run with a job per rule step (no rule-chain fusion), to compare
      if (settings.engines.includes('zeebe-per-step')) {
        say('Zeebe, a job per rule step …\n');
        runs.push(await runEngine({ engine: 'zeebe', label: 'zeebe-per-step', env: { ZEEBE_ADDRESS: broker.address, ZEEBE_FUSE_RULE_CHAINS: 'false' }, ...onBroker }));
      }
      if (settings.engines.includes('zeebe')) runs.push(await runEngine({ engine: 'zeebe', env: { ZEEBE_ADDRESS: broker.address }, ...onBroker }));
      return runs;
    });
    if ('notRun' in zeebe) say(`Zeebe not run: ${zeebe.notRun}\n`);
    else results.push(...zeebe);
  }
} finally {
  await postgres.stop();
}
say(`\n${report(results)}\nload average at end: ${load()}\n`);
process.exit(0);
