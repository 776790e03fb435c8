// An engine made ready for the scenarios: the platform's job workers registered (with an in-memory
// sink), a user-task inbox listening, started, and the three city processes deployed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_PACKS_DIR, loadShippedPack, readPackFolder } from '@hotline/cities';
import {
  createMemorySink,
  registerHotlineWorkers,
  type DeployedProcess,
  type MemorySink,
  type OutgoingMessage,
  type ProcessResource,
  type WorkflowEngine,
} from '@hotline/engine-adapters';
import { CityRules, parsePack } from '@hotline/rules';
import type { CityId, Scenario } from './scenario';
import { TaskInbox } from './task-inbox';

export const CITIES: readonly CityId[] = ['tianjin', 'hangzhou', 'turpan'];

export interface EngineTarget {
  kind: WorkflowEngine['kind'];
  engine: WorkflowEngine;
  sink: MemorySink;
  inbox: TaskInbox;
  /** The messages the workers published (deadlineChanged), in order. */
  published: OutgoingMessage[];
  deployed: DeployedProcess[];
  /** What the subject processes' `hotline.outcome` steps said, in order (the server tells the subject's module). */
  outcomes: SubjectOutcome[];
}

export interface SubjectOutcome {
  subjectId: string;
  outcome: string;
  variables: Record<string, unknown>;
}

/** The job type of a subject process's outcome step (server: subjects/subject-processes.ts). */
const OUTCOME_JOB_TYPE = 'hotline.outcome';

const rulesCache = new Map<string, CityRules>();

/**
 * The `city` a scenario's ticket starts with: the city, or for a scenario with a draft, a name of its
 * own under which the workers find the draft's rules (the process stays the city's).
 */
export function cityOf(scenario: Scenario): string {
  if (!scenario.draft) return scenario.city;
  const name = `${scenario.city}~${scenario.draft.name.replace(/[^A-Za-z0-9]+/g, '-')}`;
  if (!rulesCache.has(name)) {
    const files = scenario.draft.edit(readPackFolder(join(SHIPPED_PACKS_DIR, scenario.city)));
    rulesCache.set(name, new CityRules(parsePack(files, { label: `${scenario.city} (draft: ${scenario.draft.name})`, expectedId: scenario.city })));
  }
  return name;
}

export function rulesFor(city: string): CityRules {
  let rules = rulesCache.get(city);
  if (!rules) {
    rules = new CityRules(loadShippedPack(city));
    rulesCache.set(city, rules);
  }
  return rules;
}

/** The ticket process of each city, as shipped in `cities/<id>/processes/ticket.bpmn`. */
export function cityProcesses(): ProcessResource[] {
  return CITIES.map((city) => ({ name: `${city}/ticket.bpmn`, xml: readFileSync(join(SHIPPED_PACKS_DIR, city, 'processes', 'ticket.bpmn'), 'utf8') }));
}

/** The subject processes each city's pack declares (city.json subjectProcesses): a knowledge entry's review, an assessment appeal. */
export function subjectProcesses(): ProcessResource[] {
  return CITIES.flatMap((city) =>
    (loadShippedPack(city).city.subjectProcesses ?? []).map((d) => ({ name: `${city}/${d.process.replace(/^processes\//, '')}`, xml: readFileSync(join(SHIPPED_PACKS_DIR, city, d.process), 'utf8') })),
  );
}

export async function prepareTarget(engine: WorkflowEngine): Promise<EngineTarget> {
  const sink = createMemorySink();
  const inbox = new TaskInbox();
  const published: OutgoingMessage[] = [];
  registerHotlineWorkers(engine, {
    rulesFor,
    sink,
    publish: async (message) => {
      await engine.publishMessage(message.name, message.correlationKey, message.variables, { messageId: message.messageId, timeToLiveMs: message.timeToLiveMs });
      published.push(message);
    },
  });
  const outcomes: SubjectOutcome[] = [];
  engine.registerJobWorker(OUTCOME_JOB_TYPE, async (job) => {
    const subjectId = String(job.variables.subjectId);
    // keyed as the server keys it: a re-delivered job is heard once
    if (!outcomes.some((o) => o.subjectId === subjectId)) outcomes.push({ subjectId, outcome: job.customHeaders.outcome ?? '', variables: job.variables });
  });
  engine.onUserTaskCreated(inbox.listener);
  await engine.start();
  const deployed = await engine.deploy([...cityProcesses(), ...subjectProcesses()]);
  await warmUp(engine, inbox);
  return { kind: engine.kind, engine, sink, inbox, published, deployed, outcomes };
}

/** Below the first test's 120 s: that test starts the engine and waits for the warm-up. */
const WARM_UP_MS = 100_000;

/**
 * One throw-away ticket up to its second task before any scenario: on a broker that has just started, a
 * worker's first polls may meet back-pressure, and the client then backs off for seconds at a time
 * (1, 2, 4, 8 … s). Scenarios wait 20 s per step; a cold start is not what they measure.
 */
async function warmUp(engine: WorkflowEngine, inbox: TaskInbox): Promise<void> {
  const started = Date.now();
  const left = () => WARM_UP_MS - (Date.now() - started);
  const { processInstanceKey } = await engine.createInstance('ticket-tianjin', { ticketId: `warm-up-${engine.kind}-${started}`, city: 'tianjin' });
  try {
    const register = await inbox.waitFor(processInstanceKey, 'register', undefined, left());
    await engine.completeUserTask(register.key, { type: 'complaint', urgency: 'general', channel: 'phone', content: '预热' });
    inbox.finish(register.key);
    await inbox.waitFor(processInstanceKey, 'classify', undefined, left());
    console.log(`${engine.kind}: warmed up in ${Date.now() - started} ms (a ticket to its second task)`);
  } finally {
    await engine.cancelInstance(processInstanceKey).catch(() => undefined);
  }
}
