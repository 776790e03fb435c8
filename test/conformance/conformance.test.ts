// The same scenarios on both engines, through the WorkflowEngine port, with real timers fired by each
// engine's own clock. Each scenario checks every step on each engine; then both engines must have
// recorded the same tasks, roles, deadlines, supervision records and ticket timeline.
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario, type ScenarioRun } from './driver';
import { backgroundErrors, createEngine, ENGINE_KINDS, type EngineKind } from './engines';
import { scenarios } from './scenarios';
import { prepareTarget, type EngineTarget } from './target';

const DAY = 86_400_000;
// the step wait is a ceiling, not a measure: a broker on a busy 2-core machine once needed more than 20 s
const OPTIONS = { stepTimeoutMs: 40_000, settleMs: 1_500 };
const runs = new Map<string, ScenarioRun>();
const key = (engine: EngineKind, scenario: string) => `${engine}: ${scenario}`;

describe.each(ENGINE_KINDS)('on the %s engine', (kind) => {
  // Started by the first test that needs it, not in a hook: an engine that cannot start then fails
  // every test of this engine with its reason, instead of leaving them skipped.
  let started: Promise<EngineTarget> | undefined;
  const ready = (): Promise<EngineTarget> => (started ??= createEngine(kind).then(prepareTarget));

  afterAll(async () => {
    await started?.then((target) => target.engine.stop()).catch(() => undefined);
    const runsHere = [...runs.values()].filter((run) => run.engine === kind);
    console.log(`${kind}: ${runsHere.length}/${scenarios.length} scenarios in ${runsHere.reduce((sum, run) => sum + run.ms, 0)} ms`);
  });

  it('deploys the three city processes and their subject processes', async () => {
    const subjects = ['assessment-appeal', 'knowledge-entry', 'knowledge-update'].flatMap((p) => ['hangzhou', 'tianjin', 'turpan'].map((c) => `${p}-${c}`));
    expect((await ready()).deployed.map((d) => d.bpmnProcessId).sort()).toEqual([...subjects, 'ticket-hangzhou', 'ticket-tianjin', 'ticket-turpan'].sort());
  });

  it('keeps its clock still once pinned, as Zeebe does (scenarios assert instants to the millisecond)', async () => {
    const { clock } = (await ready()).engine;
    const at = (await clock.now()) + DAY;
    await clock.pin(at);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const later = await clock.now();
    expect(
      new Date(later).toISOString(),
      `the ${kind} clock moved ${later - at} ms while pinned: every stamp would then carry the milliseconds that pass between steps, and no due instant of a scenario could match to the millisecond`,
    ).toBe(new Date(at).toISOString());
  });

  for (const scenario of scenarios) {
    it(`${scenario.name}: ${scenario.asserts}`, async () => {
      const run = await runScenario(await ready(), scenario, OPTIONS);
      runs.set(key(kind, scenario.name), run);
      if (kind === 'embedded') expect(backgroundErrors).toEqual([]);
    });
  }
});

describe('both engines', () => {
  for (const scenario of scenarios) {
    it(`record the same for ${scenario.name}`, () => {
      const [zeebe, embedded] = ENGINE_KINDS.map((kind) => runs.get(key(kind, scenario.name)));
      const missing = ENGINE_KINDS.filter((kind) => !runs.has(key(kind, scenario.name)));
      if (!zeebe || !embedded) throw new Error(`nothing to compare: the scenario failed on ${missing.join(' and ')} (see that test)`);
      expect(embedded.trace).toEqual(zeebe.trace);
      expect(embedded.timeline).toEqual(zeebe.timeline);
    });
  }
});
