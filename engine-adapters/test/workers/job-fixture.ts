// A service job as an adapter hands it to a worker, and the dependencies a worker gets, for unit tests
// that need no engine.
import { loadShippedPack } from '@hotline/cities';
import { CityRules, parseInstant } from '@hotline/rules';
import type { ServiceJob, Variables } from '../../src/port';
import { createMemorySink, type MemorySink, type OutgoingMessage, type WorkerDeps } from '../../src/workers';

const rulesByCity = new Map<string, CityRules>();

export function rulesFor(city: string): CityRules {
  let rules = rulesByCity.get(city);
  if (!rules) {
    rules = new CityRules(loadShippedPack(city));
    rulesByCity.set(city, rules);
  }
  return rules;
}

let nextKey = 1;

export function job(type: string, headers: Record<string, string>, variables: Variables, key = String(2251799813685000 + nextKey++)): ServiceJob {
  return {
    key,
    type,
    processInstanceKey: '2251799813680001',
    bpmnProcessId: `ticket-${String(variables.city ?? 'unknown')}`,
    elementId: 'someTask',
    elementInstanceKey: '2251799813680002',
    customHeaders: headers,
    variables,
    retries: 3,
  };
}

export interface TestDeps extends WorkerDeps {
  sink: MemorySink;
  published: OutgoingMessage[];
  setNow(iso: string): void;
}

export function testDeps(nowIso = '2026-11-20T16:00:00+08:00'): TestDeps {
  let now = ms(nowIso);
  const published: OutgoingMessage[] = [];
  return {
    rulesFor,
    now: async () => now,
    sink: createMemorySink(),
    publish: async (message) => {
      published.push(message);
    },
    published,
    setNow(iso) {
      now = ms(iso);
    },
  };
}

export function ms(iso: string): number {
  const parsed = parseInstant(iso);
  if (!parsed.ok) throw new Error(`${iso}: ${parsed.reason}`);
  return parsed.ms;
}
