// An engine made ready for the scenarios: the platform's job workers registered (with an in-memory
// sink), a user-task inbox listening, started, and the three city processes deployed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_PACKS_DIR, loadShippedPack } from '@hotline/cities';
import {
  createMemorySink,
  registerHotlineWorkers,
  type DeployedProcess,
  type MemorySink,
  type OutgoingMessage,
  type ProcessResource,
  type WorkflowEngine,
} from '@hotline/engine-adapters';
import { CityRules } from '@hotline/rules';
import type { CityId } from './scenario';
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
}

const rulesCache = new Map<string, CityRules>();
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
  engine.onUserTaskCreated(inbox.listener);
  await engine.start();
  const deployed = await engine.deploy(cityProcesses());
  return { kind: engine.kind, engine, sink, inbox, published, deployed };
}
